import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import type { LocalMailDispatcher } from '#functions/mail/local-dispatcher.ts';
import { ANNOUNCEMENTS_PER_HOUR } from '#functions/organizers/announcement-service.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { connectionReset, faultInjector, throttled, WRITE_COMMANDS } from '../../support/faults.ts';
import { listEmails } from '../../support/mail/maildev.ts';
import { mailDispatcher, useMailDev } from '../../support/mail/test-mail.ts';
import {
  person,
  REGISTRATION_OPEN_AT,
  type Registrant,
  registrationApi,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * Announcements on DynamoDB Local and MailDev: sent once (a duplicate within 24 hours is a 409
 * unless `resend`), retry-safe with an Idempotency-Key, a few an hour per edition, and atomic: a
 * request that fails queues nothing, and the mail side's expansion of the one fan-out item
 * queues each person once even when the database fails half-way and it resumes.
 */

const mail = useMailDev();

/**
 * The API over `confirmed` registrations (and `waiting` on the list), a mail dispatcher that
 * sends to MailDev, and a fault injector on the database client every part uses. The
 * registrations' own messages are never sent: the dispatcher starts after them.
 */
async function announcingApi({ confirmed = 4, waiting = 0, chunkSize = 2 } = {}) {
  let dispatcher: LocalMailDispatcher | undefined;
  const mails: MailSink = { committed: (queued) => dispatcher?.committed(queued) };
  const api = await registrationApi(registrationEdition({ capacity: confirmed }), {}, { mails });
  const people: Registrant[] = [];
  for (let index = 0; index < confirmed + waiting; index += 1) {
    const someone = person();
    expect((await api.register(someone)).status).toBe(201);
    people.push(someone);
  }
  const faults = faultInjector(api.table.client);
  dispatcher = mailDispatcher(api.stores, mail.smtp(), {
    announcementFanOut: {
      announcements: api.stores.announcements,
      registrations: api.stores.registrations,
      mails,
      clock: () => REGISTRATION_OPEN_AT,
      chunkSize,
    },
  });
  const token = await api.organizerToken();
  const announce = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await api.app.request('/admin/editions/2030/announcements', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      location: response.headers.get('location'),
      body: (await response.json()) as Record<string, any>,
    };
  };
  const read = async (path: string) =>
    (
      await api.app.request(path, { headers: { authorization: `Bearer ${token}` } })
    ).json() as Promise<Record<string, any>>;
  const outbox = async () =>
    (await partitionItems(api.table, 'MAIL#2030')).filter(
      (item) => item.announcementId !== undefined,
    );
  return {
    api,
    people,
    dispatcher,
    announce,
    read,
    outbox,
    ...faults,
  };
}

/** MailDev's copies of the announcement with this subject, counted per recipient. */
async function copiesPerPerson(subject: string) {
  const counts = new Map<string, number>();
  for (const email of await listEmails(mail.webUrl())) {
    if (!email.subject.includes(subject)) continue;
    const to = email.to[0]?.address ?? '';
    counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

const once = (people: Registrant[]) => new Map(people.map((someone) => [someone.email, 1]));

describe('an announcement goes out once', () => {
  it('refuses the same subject and text again within 24 hours with 409, and sends nothing more', async () => {
    const { people, dispatcher, announce, read } = await announcingApi();
    const body = { subject: 'Room change', text: 'We moved to Hall 3.' };
    const first = await announce(body);
    expect(first.status).toBe(202);
    await dispatcher.idle();
    const second = await announce(body);
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(first.body.id);
    expect(second.body.detail).toContain('resend');
    await dispatcher.idle();
    expect(await copiesPerPerson('Room change')).toEqual(once(people));

    // The answer says the copies are being queued, and where to read their number.
    expect(first.body).toMatchObject({ audience: 'confirmed', recipients: null });
    expect(first.location).toBe(`/admin/editions/2030/announcements/${first.body.id}`);
    // The expansion recorded how many it went to; the list holds one announcement.
    expect(await read(first.location ?? '')).toMatchObject({ id: first.body.id, recipients: 4 });
    const listed = await read('/admin/editions/2030/announcements');
    expect(listed.items).toHaveLength(1);
  });

  it('sends it again with resend: true, to each person once more', async () => {
    const { people, dispatcher, announce } = await announcingApi();
    const body = { subject: 'Bring your laptop', text: 'The hands-on needs one.' };
    expect((await announce(body)).status).toBe(202);
    await dispatcher.idle();
    expect((await announce({ ...body, resend: true })).status).toBe(202);
    await dispatcher.idle();
    expect(await copiesPerPerson('Bring your laptop')).toEqual(
      new Map(people.map((someone) => [someone.email, 2])),
    );
  });

  it('accepts exactly one of 10 identical announcements posted at once: one copy per person', async () => {
    const { people, dispatcher, announce, outbox } = await announcingApi({ confirmed: 6 });
    const body = { subject: 'Lunch moved', text: 'Lunch is at 13:00 today.' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => announce(body)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([202, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    await dispatcher.idle();
    expect(await copiesPerPerson('Lunch moved')).toEqual(once(people));
    expect(await outbox()).toHaveLength(6 + 1);
  });

  it('replays the first answer to a retry with the same Idempotency-Key; another body with it is a 422', async () => {
    const { people, dispatcher, announce } = await announcingApi();
    const body = { subject: 'Slides online', text: 'The slides are on the page.' };
    const headers = { 'idempotency-key': 'slides-1' };
    const first = await announce(body, headers);
    expect(first.status).toBe(202);
    await dispatcher.idle();
    const again = await announce(body, headers);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    const other = await announce({ ...body, text: 'Other text' }, headers);
    expect(other.status).toBe(422);
    await dispatcher.idle();
    expect(await copiesPerPerson('Slides online')).toEqual(once(people));
  });

  it(`accepts ${ANNOUNCEMENTS_PER_HOUR} an hour per edition, then 429 with Retry-After until the next hour`, async () => {
    const { api, dispatcher, announce } = await announcingApi({ confirmed: 1 });
    for (let index = 1; index <= ANNOUNCEMENTS_PER_HOUR; index += 1) {
      expect((await announce({ subject: `News ${index}`, text: 'Text' })).status).toBe(202);
    }
    const refused = await announce({ subject: 'One too many', text: 'Text' });
    expect(refused.status).toBe(429);
    // 12:00 in Geneva is 10:00 UTC: the next hour starts in 3600 s.
    expect(refused.retryAfter).toBe('3600');
    expect(refused.body.type).toBe('/problems/too-many-requests');
    api.setNow(new Date(REGISTRATION_OPEN_AT.getTime() + 3_600_000));
    expect((await announce({ subject: 'One too many', text: 'Text' })).status).toBe(202);
    await dispatcher.idle();
  });
});

describe('an announcement under database faults', () => {
  // The request's writes fail from the n-th one on: before the fix, the announcement and the
  // copies queued so far stayed behind a 503, and the retry queued everyone again.
  for (const failingWrite of [1, 2, 4]) {
    it(`queues nothing when its writes fail from the ${failingWrite}. on, and the retry queues each person once`, async () => {
      const { people, dispatcher, announce, read, outbox, inject } = await announcingApi({
        confirmed: 5,
      });
      let writes = 0;
      inject((command) => {
        if (!WRITE_COMMANDS.has(command)) return undefined;
        writes += 1;
        return writes >= failingWrite ? throttled() : undefined;
      });
      const body = { subject: 'Keynote moved', text: 'The keynote starts at 10:00.' };
      const headers = { 'idempotency-key': `keynote-${failingWrite}` };
      const failed = await announce(body, headers);
      inject(() => undefined);
      if (failed.status === 503) {
        expect(failed.retryAfter).toBe('1');
        expect(await outbox()).toEqual([]);
        expect((await read('/admin/editions/2030/announcements')).items).toEqual([]);
        const audit = await read('/admin/editions/2030/audit');
        expect(audit.items.filter((entry: any) => entry.action === 'announcement.sent')).toEqual(
          [],
        );
      } else {
        expect(failed.status).toBe(202);
      }
      await dispatcher.idle();

      const retried = await announce(body, headers);
      expect(retried.status).toBe(202);
      await dispatcher.idle();
      expect(await copiesPerPerson('Keynote moved')).toEqual(once(people));
      expect(await read(retried.location ?? '')).toMatchObject({ recipients: 5 });
      expect((await read('/admin/editions/2030/announcements')).items).toHaveLength(1);
    });
  }

  it('answers a retry whose first answer was lost with that answer, and queues each person once', async () => {
    const { people, dispatcher, announce, loseAnswers } = await announcingApi({ confirmed: 3 });
    loseAnswers((command) =>
      command === 'TransactWriteItemsCommand' ? connectionReset() : undefined,
    );
    const body = { subject: 'Doors open', text: 'Doors open at 8:30.' };
    const headers = { 'idempotency-key': 'doors' };
    expect((await announce(body, headers)).status).toBe(503);
    loseAnswers(() => undefined);
    const retried = await announce(body, headers);
    expect(retried.status).toBe(202);
    await dispatcher.idle();
    expect(await copiesPerPerson('Doors open')).toEqual(once(people));
  });

  it('resumes an expansion the database interrupted half-way: each person once, then the count', async () => {
    const { people, dispatcher, announce, read, outbox, inject } = await announcingApi({
      confirmed: 7,
      waiting: 2,
    });
    // The first chunk goes in; the second fails more often than one call retries.
    let chunks = 0;
    inject((command) => {
      if (command !== 'TransactWriteItemsCommand') return undefined;
      chunks += 1;
      return chunks >= 3 && chunks < 10 ? throttled() : undefined;
    });
    const answer = await announce({
      subject: 'Wifi',
      text: 'The network is hpcw.',
      includeWaitlisted: true,
    });
    expect(answer.status).toBe(202);
    await dispatcher.idle();
    inject(() => undefined);
    expect(chunks).toBeGreaterThanOrEqual(10);
    expect(await copiesPerPerson('Wifi')).toEqual(once(people));
    expect(await read(answer.location ?? '')).toMatchObject({ recipients: 9 });
    const items = await outbox();
    expect(items.filter((item) => String(item.sk).startsWith('mail_'))).toHaveLength(9);
    expect(items.find((item) => String(item.sk).startsWith('fanout_'))).toMatchObject({
      state: 'sent',
      queued: 9,
    });
  });

  it('queues nobody twice when the expansion runs again from the start', async () => {
    const { api, people, dispatcher, announce, read, outbox } = await announcingApi();
    const answer = await announce({ subject: 'Parking', text: 'Park behind building 2.' });
    await dispatcher.idle();
    const fanOut = (await outbox()).find((item) => String(item.sk).startsWith('fanout_'));
    expect(fanOut).toMatchObject({ state: 'sent', queued: 4 });
    // As if the fan-out had never been expanded: pending again, at the start.
    await api.table.client.send(
      new UpdateCommand({
        TableName: api.table.tableName,
        Key: { pk: fanOut?.pk, sk: fanOut?.sk },
        UpdateExpression: 'SET #state = :pending, queued = :zero REMOVE settledAt',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending', ':zero': 0 },
      }),
    );
    await dispatcher.recover([2030]);
    await dispatcher.idle();
    expect(await copiesPerPerson('Parking')).toEqual(once(people));
    expect((await outbox()).filter((item) => String(item.sk).startsWith('mail_'))).toHaveLength(4);
    expect(await read(answer.location ?? '')).toMatchObject({ recipients: 4 });
  });

  it('goes on after a chunk whose commit answers were lost, without queueing it twice', async () => {
    const { people, dispatcher, announce, read, loseAnswers } = await announcingApi({
      confirmed: 5,
    });
    let chunks = 0;
    loseAnswers((command) => {
      if (command !== 'TransactWriteItemsCommand') return undefined;
      chunks += 1;
      // The request's own transaction is the first; the second chunk commits, and it and its
      // retries never hear so: the expansion stops, and the next attempt starts after it.
      return chunks >= 3 && chunks <= 7 ? connectionReset() : undefined;
    });
    const answer = await announce({ subject: 'Coffee', text: 'Coffee in the foyer.' });
    expect(answer.status).toBe(202);
    await dispatcher.idle();
    loseAnswers(() => undefined);
    expect(chunks).toBeGreaterThan(7);
    expect(await copiesPerPerson('Coffee')).toEqual(once(people));
    expect(await read(answer.location ?? '')).toMatchObject({ recipients: 5 });
  });

  it('queues each person once when expansions of the same fan-out run at the same time', async () => {
    const { people, dispatcher, announce, read } = await announcingApi({ confirmed: 9 });
    const answer = await announce({ subject: 'Dinner', text: 'Dinner at 19:00.' });
    expect(answer.status).toBe(202);
    const fanOut = { year: 2030, id: `fanout_${answer.body.id}` };
    dispatcher.committed([fanOut, fanOut, fanOut]);
    await dispatcher.idle();
    expect(await copiesPerPerson('Dinner')).toEqual(once(people));
    expect(await read(answer.location ?? '')).toMatchObject({ recipients: 9 });
  });
});
