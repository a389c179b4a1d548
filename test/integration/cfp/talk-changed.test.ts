import { describe, expect, it } from 'vitest';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import { queueScheduleNotice } from '#functions/data/registrations/schedule-notices.ts';
import type { LocalMailDispatcher } from '#functions/mail/local-dispatcher.ts';
import type { ScheduleNotice } from '#shared/draft/schedule-notice.ts';
import { putSubmission, testSpeaker, testSubmission } from '../../support/cfp/submissions.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { editionWith, endAt, session } from '../../support/editions.ts';
import { listEmails } from '../../support/mail/maildev.ts';
import { mailDispatcher, useMailDev } from '../../support/mail/test-mail.ts';
import { REGISTRATION_OPEN_AT, registrationApi } from '../../support/registration-app.ts';

/**
 * A release that moves a confirmed talk tells each of its speakers, once: the new day and time
 * in the edition's zone and their private link, counted in the answer's `notified.speakers`.
 * A talk the release does not move, and a submission not confirmed, get nothing. On DynamoDB
 * Local and MailDev, through the whole API.
 */

const mail = useMailDev();

type Source = { agenda: Record<string, unknown>[] } & Record<string, unknown>;

/** Two sessions counted back from 10:00: ONE at 09:00–09:30, TWO at 09:30–10:00. */
const edition = () => editionWith([session('one', 30), session('two', 30), endAt('10:00')]);

/** ONE shortened to 20 minutes: its talk starts at 09:10; TWO's does not move. */
const shorterOne = (source: Source) => ({
  ...source,
  agenda: source.agenda.map((entry) => (entry.id === 'one' ? { ...entry, duration: 20 } : entry)),
});

async function talkApi({ held = false } = {}) {
  let dispatcher: LocalMailDispatcher | undefined;
  // Held: queued messages wait in the outbox until the test scans it.
  const mails: MailSink = {
    committed: (queued) => (held ? undefined : dispatcher?.committed(queued)),
  };
  const api = await registrationApi(edition(), {}, { mails });
  dispatcher = mailDispatcher(api.stores, mail.smtp(), { submissions: api.stores.submissions });
  const agenda = await api.organizer('GET', '/editions/2030/agenda');
  const slotOf = (sessionId: string) =>
    String(
      (agenda.body.slots as { id: string; sessionId?: string; kind: string }[]).find(
        (slot) => slot.sessionId === sessionId && slot.kind === 'talk',
      )?.id,
    );
  const confirmed = async (talkId: string, speakers = [testSpeaker(), testSpeaker()]) =>
    (
      await putSubmission(
        api.table,
        testSubmission(2030, { status: 'confirmed', talkId, speakers, segment: 'alpha' }),
      )
    ).record;
  const edit = async (change: (source: Source) => Source) => {
    const read = await api.organizer('GET', '/admin/editions/2030/draft');
    const put = await api.organizer(
      'PUT',
      '/admin/editions/2030/draft',
      change(read.body.source as Source),
      { 'if-match': read.etag ?? '' },
    );
    expect(put.status, put.text).toBe(200);
  };
  const release = (name: string) =>
    api.organizer('POST', '/admin/editions/2030/agenda/releases', { name, comment: 'Test.' });
  const talkMails = async () =>
    (await partitionItems(api.table, 'MAIL#2030')).filter((item) => item.kind === 'talk-changed');
  const sent = async (address: string) => {
    await dispatcher?.idle();
    return (await listEmails(mail.webUrl())).filter((email) => email.to[0]?.address === address);
  };
  const scan = () => dispatcher?.scan([2030]);
  return { api, slotOf, confirmed, edit, release, talkMails, sent, mails, scan };
}

describe('a release that moves a confirmed talk', () => {
  it('mails each of its speakers once with the new time and the private link, and counts them', async () => {
    const { api, slotOf, confirmed, edit, release, talkMails, sent } = await talkApi();
    const moved = await confirmed(slotOf('one'));
    const untouched = await confirmed(slotOf('two'));
    // Accepted, not confirmed, on the moved talk: not the talk's speakers yet.
    const pending = await putSubmission(
      api.table,
      testSubmission(2030, { status: 'accepted', talkId: slotOf('one') }),
    );
    await edit(shorterOne);
    const released = await release('shorter');
    expect(released.status, released.text).toBe(201);
    expect(released.body.notified).toEqual({ registrants: 0, speakers: 2 });
    for (const speaker of moved.speakers) expect(released.text).not.toContain(speaker.email);

    for (const speaker of moved.speakers) {
      const emails = await sent(speaker.email);
      expect(emails).toHaveLength(1);
      const [email] = emails;
      expect(email?.subject).toMatch(/^Your talk has moved: /);
      expect(email?.text).toContain(`Hello ${speaker.name},`);
      expect(email?.text).toMatch(/- Now: Thursday, 20 June 2030, 09:10–09:30 CEST/);
      expect(email?.text).toMatch(/- Before: Thursday, 20 June 2030, 09:00–09:30 CEST/);
      expect(email?.text).toContain(`/2030/submission#id=${moved.id}&token=`);
    }
    for (const speaker of [...untouched.speakers, ...pending.record.speakers]) {
      expect(await sent(speaker.email)).toEqual([]);
    }
    expect((await talkMails()).map((item) => item.sk).sort()).toEqual(
      [0, 1].map((index) => `mail_talk_2_${moved.id}_${index}`).sort(),
    );
  });

  it('mails nobody for a release that moves no confirmed talk', async () => {
    const { slotOf, confirmed, edit, release, talkMails, sent } = await talkApi();
    const untouched = await confirmed(slotOf('two'), [testSpeaker()]);
    await edit(shorterOne);
    const released = await release('shorter');
    expect(released.status, released.text).toBe(201);
    expect(released.body.notified).toEqual({ registrants: 0, speakers: 0 });
    await edit((source) => ({ ...source, title: 'Test Workshopp' }));
    const typo = await release('typo');
    expect(typo.body.notified).toEqual({ registrants: 0, speakers: 0 });
    expect(await talkMails()).toEqual([]);
    expect(await sent(untouched.speakers[0]?.email ?? '')).toEqual([]);
  });

  it('does not mail twice when the release is retried or its notice queued again', async () => {
    const { api, slotOf, confirmed, edit, release, talkMails, sent, mails } = await talkApi();
    const moved = await confirmed(slotOf('one'), [testSpeaker()]);
    let failQueue = true;
    api.table.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (
          failQueue &&
          context.commandName === 'TransactWriteItemsCommand' &&
          JSON.stringify(args.input ?? null).includes('fanout_schedule_')
        ) {
          throw Object.assign(new Error('Throttled.'), { name: 'ThrottlingException' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failScheduleQueue' },
    );
    await edit(shorterOne);
    expect((await release('shorter')).status).toBe(503);
    expect(await talkMails()).toEqual([]);
    failQueue = false;
    const again = await release('again');
    expect(again.status, again.text).toBe(201);
    expect(again.body.notified).toEqual({ registrants: 0, speakers: 1 });

    // The same notice queued once more (an answer lost after its commit): the same ids, no copy.
    const stored = (await talkMails())[0];
    expect(stored?.talk).toMatchObject({ id: slotOf('one') });
    const requeued = await queueScheduleNotice(
      {
        scheduleNotices: api.stores.scheduleNotices,
        registrations: api.stores.registrations,
        submissionReviews: api.stores.submissionReviews,
        mails,
      },
      2030,
      2,
      { edition: null, moved: [stored?.talk] } as ScheduleNotice,
      REGISTRATION_OPEN_AT,
    );
    expect(requeued.speakers).toBe(1);
    expect(await talkMails()).toHaveLength(1);
    const address = moved.speakers[0]?.email ?? '';
    expect(await sent(address)).toHaveLength(1);
  });

  it('is not sent to the speakers of a submission no longer confirmed when it goes out', async () => {
    const { api, slotOf, edit, release, talkMails, sent, scan } = await talkApi({ held: true });
    const submission = testSubmission(2030, {
      status: 'confirmed',
      talkId: slotOf('one'),
      speakers: [testSpeaker()],
      segment: 'alpha',
    });
    await putSubmission(api.table, submission);
    await edit(shorterOne);
    expect((await release('shorter')).body.notified).toEqual({ registrants: 0, speakers: 1 });
    // Declined before its message went out.
    await putSubmission(api.table, {
      ...submission,
      record: { ...submission.record, status: 'declined' },
    });
    await scan();
    expect(await sent(submission.record.speakers[0]?.email ?? '')).toEqual([]);
    expect((await talkMails()).map((item) => item.state)).toEqual(['skipped']);
  });
});
