import { beforeAll, describe, expect, it } from 'vitest';
import { publishEditionFile } from '#functions/releases/publish.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
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
import { registrationApi } from '../../support/registration-app.ts';

/**
 * An accepted speaker confirms with their private link: the talk joins the draft in the session
 * the organizers chose, its speakers as persons (the same id as before for a known address);
 * after a release the talk and the speaker's name are public, their address nowhere. Or they
 * decline. On DynamoDB Local, through the whole API.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
let chair: string;

async function call(method: string, path: string, bearer?: string, body?: unknown) {
  const response = await api.app.request(path, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    cache: response.headers.get('cache-control'),
    text,
    body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null,
  };
}

async function accepted(year: number, overrides: Parameters<typeof testSubmission>[1] = {}) {
  const submission = await putSubmission(api.table, testSubmission(year, overrides));
  const decided = await call(
    'POST',
    `/admin/editions/${year}/submissions/${submission.record.id}/decision`,
    chair,
    { decision: 'accepted', session: 'runtime' },
  );
  expect(decided.status).toBe(200);
  return submission;
}

const answer = (submission: TestSubmission, what: 'confirm' | 'decline', token?: string) =>
  call(
    'POST',
    `/editions/${submission.record.year}/submissions/${submission.record.id}/${what}`,
    token ?? submission.token,
  );

const draftOf = async (year: number) =>
  (await call('GET', `/admin/editions/${year}/draft`, chair)).body.source as EditionSource;

const runtimeTalks = (source: EditionSource) =>
  source.agenda.flatMap((entry) =>
    entry.kind === 'session' && entry.id === 'runtime' ? entry.items : [],
  );

beforeAll(async () => {
  api = await registrationApi(seedEdition());
  api.setNow(IN_THE_2020_CALL);
  chair = await organizerToken(inProcessSignIn().signer, {
    subject: 'chair',
    groups: ['organizers'],
  });
});

describe('confirming an accepted submission', () => {
  const speaker = testSpeaker({ name: 'Katherine Runtime', affiliation: 'Langley Compute' });
  let submission: TestSubmission;

  it('answers 404 for a wrong or missing token, as for an unknown id', async () => {
    submission = await accepted(2020, {
      title: 'Rootless runtimes at scale',
      speakers: [speaker],
    });
    for (const token of [undefined, 'x'.repeat(43), testSubmission(2020).token]) {
      const refused = await call(
        'POST',
        `/editions/2020/submissions/${submission.record.id}/confirm`,
        token,
      );
      expect(refused.status).toBe(404);
      expect(refused.text).not.toContain(speaker.email);
    }
    const unknown = await call(
      'POST',
      '/editions/2020/submissions/01e1z8y6v3m9k2q4r5s6t7v8w9/confirm',
      submission.token,
    );
    expect(unknown.status).toBe(404);
    const hostile = await call(
      'POST',
      `/editions/2020/submissions/${'a'.repeat(2000)}/confirm`,
      submission.token,
    );
    expect(hostile.status).toBe(400);
  });

  it('puts the talk into the draft session with its speaker, audited', async () => {
    const confirmed = await answer(submission, 'confirm');
    expect(confirmed.status).toBe(200);
    expect(confirmed.cache).toBe('no-store');
    expect(confirmed.body).toMatchObject({
      id: submission.record.id,
      status: 'confirmed',
      speakers: [
        { name: 'Katherine Runtime', email: speaker.email, personId: 'katherine-runtime' },
      ],
    });
    const draft = await draftOf(2020);
    expect(runtimeTalks(draft).at(-1)).toMatchObject({
      id: 'runtime-rootless-runtimes-at-scale',
      kind: 'talk',
      title: 'Rootless runtimes at scale',
      duration: 10,
      speakers: ['katherine-runtime'],
    });
    expect(draft.speakers).toContainEqual({
      id: 'katherine-runtime',
      name: 'Katherine Runtime',
      affiliation: 'Langley Compute',
      bio: speaker.bio,
    });
    expect(JSON.stringify(draft)).not.toContain(speaker.email);
    const stored = (await partitionItems(api.table, 'SUBMISSIONS#2020')).find(
      (item) => item.sk === `SUB#${submission.record.id}`,
    );
    expect(stored?.talkId).toBe('runtime-rootless-runtimes-at-scale');
    const audit = await call('GET', '/admin/editions/2020/audit', chair);
    expect(audit.body.items[0]).toMatchObject({
      action: 'submission.confirm',
      target: `submission ${submission.record.id}`,
    });
  });

  it('is answered once: confirming or declining again is a 409 naming status', async () => {
    for (const what of ['confirm', 'decline'] as const) {
      const again = await answer(submission, what);
      expect(again.status).toBe(409);
      expect(again.body.field).toBe('status');
    }
    const decided = await call(
      'POST',
      `/admin/editions/2020/submissions/${submission.record.id}/decision`,
      chair,
      { decision: 'rejected' },
    );
    expect(decided.status).toBe(409);
  });

  it('is public after a release: talk and name in the agenda and speakers, no address', async () => {
    const released = await call('POST', '/admin/editions/2020/agenda/releases', chair, {
      name: 'cfp',
      comment: 'Talks of the call for papers.',
      force: { reason: 'The RUNTIME session overruns into the coffee break, known to the chairs.' },
    });
    expect(released.status).toBe(201);
    const agenda = await call('GET', '/editions/2020/agenda');
    expect(agenda.status).toBe(200);
    expect(agenda.body.slots).toContainEqual(
      expect.objectContaining({
        id: 'runtime-rootless-runtimes-at-scale',
        title: 'Rootless runtimes at scale',
        speakerIds: ['katherine-runtime'],
      }),
    );
    expect(agenda.text).not.toContain(speaker.email);
    const speakers = await call('GET', '/editions/2020/speakers');
    expect(speakers.text).toContain('Katherine Runtime');
    expect(speakers.text).not.toContain(speaker.email);
    const person = await call('GET', '/speakers/katherine-runtime');
    expect(person.status).toBe(200);
    expect(person.text).toContain('Katherine Runtime');
    expect(person.text).not.toContain(speaker.email);
    expect(person.text).not.toContain('@');
  });

  it('gives a newcomer of the same name another id, and the same address the same id in a later year', async () => {
    const namesake = testSpeaker({ name: 'Katherine Runtime', affiliation: 'Elsewhere' });
    const second = await accepted(2020, { title: 'Another runtime', speakers: [namesake] });
    const confirmed = await answer(second, 'confirm');
    expect(confirmed.body.speakers[0].personId).toBe('katherine-runtime-2');

    const edition = seedEdition();
    const later: EditionSource = {
      ...edition,
      year: 2021,
      date: '2021-06-24',
      cfp: {
        ...(edition.cfp as NonNullable<EditionSource['cfp']>),
        opens: '2021-02-01',
        closes: '2021-04-15',
      },
    };
    await publishEditionFile(api.stores, later, IN_THE_2020_CALL);
    const returning = testSpeaker({
      name: 'Katherine R. Runtime',
      affiliation: 'New Lab',
      email: speaker.email,
    });
    const next = await accepted(2021, { title: 'Runtimes, a year on', speakers: [returning] });
    const again = await answer(next, 'confirm');
    expect(again.status).toBe(200);
    expect(again.body.speakers[0].personId).toBe('katherine-runtime');
    const draft = await draftOf(2021);
    expect(draft.speakers).toContainEqual(
      expect.objectContaining({ id: 'katherine-runtime', affiliation: 'New Lab' }),
    );
  });
});

describe('a confirmation the draft cannot take', () => {
  it('leaves the submission accepted when its session is gone from the draft: 409 naming session', async () => {
    const submission = await putSubmission(
      api.table,
      testSubmission(2020, {
        status: 'accepted',
        title: 'A talk for a session since removed',
        decision: {
          decision: 'accepted',
          session: 'removed-session',
          decidedAt: IN_THE_2020_CALL.toISOString(),
          decidedBy: 'chair',
        },
      }),
    );
    const refused = await answer(submission, 'confirm');
    expect(refused.status).toBe(409);
    expect(refused.body.field).toBe('session');
    const stored = (await partitionItems(api.table, 'SUBMISSIONS#2020')).find(
      (item) => item.sk === `SUB#${submission.record.id}`,
    );
    expect(stored?.status).toBe('accepted');
    expect(stored?.talkId).toBeUndefined();
    expect(JSON.stringify(await draftOf(2020))).not.toContain('A talk for a session since removed');
    // Once the organizers decide again (another session), the speakers can confirm.
    const decided = await call(
      'POST',
      `/admin/editions/2020/submissions/${submission.record.id}/decision`,
      chair,
      { decision: 'accepted', session: 'security' },
    );
    expect(decided.status).toBe(200);
    expect((await answer(submission, 'confirm')).status).toBe(200);
  });
});

describe('declining an accepted submission', () => {
  it('lets it go: declined, expiring after the edition; nothing joins the draft', async () => {
    const submission = await accepted(2020, { title: 'Declined talk about runtimes' });
    const before = runtimeTalks(await draftOf(2020)).length;
    const declined = await answer(submission, 'decline');
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    const stored = (await partitionItems(api.table, 'SUBMISSIONS#2020')).find(
      (item) => item.sk === `SUB#${submission.record.id}`,
    );
    expect(stored?.expiresAt).toEqual(expect.any(Number));
    expect(runtimeTalks(await draftOf(2020))).toHaveLength(before);
    expect((await answer(submission, 'confirm')).status).toBe(409);
  });

  it('is only for accepted submissions: a submitted one is a 409', async () => {
    const submission = await putSubmission(api.table, testSubmission(2020));
    const refused = await answer(submission, 'decline');
    expect(refused.status).toBe(409);
    expect(refused.body.field).toBe('status');
  });
});
