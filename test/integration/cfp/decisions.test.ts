import { beforeAll, describe, expect, it } from 'vitest';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import type { LocalMailDispatcher } from '#functions/mail/local-dispatcher.ts';
import { inProcessSignIn, organizerToken } from '../../support/auth/sign-in.ts';
import {
  IN_THE_2020_CALL,
  putSubmission,
  type TestSubmission,
  testSpeaker,
  testSubmission,
} from '../../support/cfp/submissions.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { seedEdition } from '../../support/editions.ts';
import { listEmails, waitForEmails } from '../../support/mail/maildev.ts';
import { mailDispatcher, useMailDev } from '../../support/mail/test-mail.ts';
import { PUBLIC_URL, registrationApi } from '../../support/registration-app.ts';

/**
 * Organizers decide: the speakers are mailed (accepted: their private link to confirm or
 * decline), `submission.decided` is announced and the decision audited, in one transaction; a
 * rejected submission expires after the edition. On DynamoDB Local and MailDev.
 */

const mail = useMailDev();
type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
let chair: string;

async function call(method: string, path: string, body?: unknown, bearer = chair) {
  const response = await api.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : null };
}

const decide = (submission: TestSubmission, body: unknown) =>
  call('POST', `/admin/editions/2020/submissions/${submission.record.id}/decision`, body);

const stored = async (id: string) =>
  (await partitionItems(api.table, 'SUBMISSIONS#2020')).find((item) => item.sk === `SUB#${id}`);

beforeAll(async () => {
  let dispatcher: LocalMailDispatcher | undefined;
  const mails: MailSink = { committed: (queued) => dispatcher?.committed(queued) };
  api = await registrationApi(seedEdition(), {}, { mails });
  api.setNow(IN_THE_2020_CALL);
  dispatcher = mailDispatcher(api.stores, mail.smtp(), {
    submissions: api.stores.submissions,
    clock: () => IN_THE_2020_CALL,
  });
  chair = await organizerToken(inProcessSignIn().signer, {
    subject: 'chair',
    groups: ['organizers'],
  });
});

describe('a decision', () => {
  it('accepts into a draft session: both speakers get their private link, an event, an audit entry', async () => {
    const speakers = [testSpeaker(), testSpeaker()];
    const submission = await putSubmission(api.table, testSubmission(2020, { speakers }));
    const { id } = submission.record;
    const decided = await decide(submission, {
      decision: 'accepted',
      session: 'runtime',
      message: 'Welcome aboard!',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      id,
      status: 'accepted',
      decision: { decision: 'accepted', session: 'runtime', reviews: { count: 0 } },
    });
    for (const speaker of speakers) expect(decided.text).not.toContain(speaker.email);

    const emails = await waitForEmails(mail.webUrl(), 2);
    expect(emails.map((email) => email.to[0]?.address).sort()).toEqual(
      speakers.map((speaker) => speaker.email).sort(),
    );
    const link = `${PUBLIC_URL}/2020/submission#id=${id}&token=${submission.token}`;
    for (const email of emails) {
      expect(email.subject).toContain('Your submission is accepted');
      expect(email.text).toContain(link);
      expect(email.text).toContain('Welcome aboard!');
      expect(email.text).toContain(submission.record.title);
    }

    const events = await partitionItems(api.table, 'EVENTS#2020');
    const event = events.find((item) => item.type === 'submission.decided');
    expect(event?.data).toEqual({ submissionId: id, decision: 'accepted' });
    expect(JSON.stringify(events)).not.toContain('@');

    const audit = await call('GET', '/admin/editions/2020/audit');
    expect(audit.body.items[0]).toMatchObject({
      who: 'chair',
      action: 'submission.decide',
      target: `submission ${id}`,
    });
    expect((await stored(id))?.expiresAt).toBeUndefined();
  });

  it('needs a session of the draft to accept: 400 naming session', async () => {
    const submission = await putSubmission(api.table, testSubmission(2020));
    for (const body of [
      { decision: 'accepted' },
      { decision: 'accepted', session: 'no-such-session' },
      { decision: 'accepted', session: 'Not A Slug!' },
    ]) {
      const refused = await decide(submission, body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].name).toBe('session');
    }
    const unknownDecision = await decide(submission, { decision: 'maybe' });
    expect(unknownDecision.body.errors[0].name).toBe('decision');
    expect((await stored(submission.record.id))?.status).toBe('submitted');
    expect(await listEmails(mail.webUrl())).toEqual([]);
  });

  it('rejects with thanks and an expiry after the edition; changed to accepted, it keeps', async () => {
    const submission = await putSubmission(api.table, testSubmission(2020));
    const rejected = await decide(submission, { decision: 'rejected' });
    expect(rejected.status).toBe(200);
    const [thanks] = await waitForEmails(mail.webUrl(), 1);
    expect(thanks?.subject).toContain('About your submission');
    expect(thanks?.text).toContain('Thank you for submitting');
    const edition = (await (await api.app.request('/editions/2020')).json()) as { endsAt: string };
    expect((await stored(submission.record.id))?.expiresAt).toBe(
      Math.floor(Date.parse(edition.endsAt) / 1000) + 90 * 24 * 60 * 60,
    );

    // The same decision again (a retry): nothing changes, nobody is mailed twice.
    expect((await decide(submission, { decision: 'rejected' })).status).toBe(200);
    const accepted = await decide(submission, { decision: 'accepted', session: 'runtime' });
    expect(accepted.body.status).toBe('accepted');
    expect(await waitForEmails(mail.webUrl(), 2)).toHaveLength(2);
    expect((await stored(submission.record.id))?.expiresAt).toBeUndefined();
  });

  it('closes reviews: a review after the decision is a 409 naming status', async () => {
    const submission = await putSubmission(api.table, testSubmission(2020));
    await decide(submission, { decision: 'rejected' });
    const late = await call(
      'PUT',
      `/admin/editions/2020/submissions/${submission.record.id}/review`,
      { score: 5, comment: 'Too late' },
      await organizerToken(inProcessSignIn().signer, {
        subject: 'late-reviewer',
        groups: ['reviewers'],
        email: 'late@reviewers.example.com',
      }),
    );
    expect(late.status).toBe(409);
    expect(late.body.field).toBe('status');
    // Its thanks is sent before the next test starts, whose mailbox counts its own messages.
    expect(await waitForEmails(mail.webUrl(), 1)).toHaveLength(1);
  });

  it('no longer changes once the speakers answered or withdrew: 409', async () => {
    for (const status of ['confirmed', 'declined', 'withdrawn'] as const) {
      const submission = await putSubmission(api.table, testSubmission(2020, { status }));
      const refused = await decide(submission, { decision: 'rejected' });
      expect(refused.status, status).toBe(409);
      expect(refused.body.field).toBe('status');
    }
  });

  it('in bulk: one result per decision, each on its own', async () => {
    const [a, b, withdrawn] = [
      await putSubmission(api.table, testSubmission(2020)),
      await putSubmission(api.table, testSubmission(2020)),
      await putSubmission(api.table, testSubmission(2020, { status: 'withdrawn' })),
    ];
    const missing = '01e1z8y6v3m9k2q4r5s6t7v8w9';
    const bulk = await call('POST', '/admin/editions/2020/submissions/decisions', {
      decisions: [
        { id: a?.record.id, decision: 'accepted', session: 'runtime' },
        { id: b?.record.id, decision: 'rejected' },
        { id: withdrawn?.record.id, decision: 'rejected' },
        { id: missing, decision: 'rejected' },
        { id: b?.record.id, decision: 'accepted' },
      ],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results.map((result: { status: number }) => result.status)).toEqual([
      200, 200, 409, 404, 400,
    ]);
    expect((await stored(b?.record.id as string))?.status).toBe('rejected');
    expect(await waitForEmails(mail.webUrl(), 2)).toHaveLength(2);

    const tooMany = await call('POST', '/admin/editions/2020/submissions/decisions', {
      decisions: Array.from({ length: 101 }, () => ({ id: missing, decision: 'rejected' })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].name).toBe('decisions');
  });
});
