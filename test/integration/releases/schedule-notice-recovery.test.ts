import { describe, expect, it } from 'vitest';
import { expandAnnouncement } from '#functions/mail/announcement-fanout.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import type { QueuedMail } from '#shared/mail/queued.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import {
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * A release's schedule notice on DynamoDB Local: written with the release, queued once, never
 * twice. A release that moves nothing mails nobody; one interrupted before its notice is queued
 * leaves it to the next attempt; queueing or expanding it again adds no copy.
 */

type Source = { agenda: Record<string, unknown>[] } & Record<string, unknown>;

async function noticeApi() {
  const queued: Pick<QueuedMail, 'year' | 'id'>[] = [];
  const api = await registrationApi(
    registrationEdition({ capacity: 1 }),
    {},
    { mails: { committed: (mails) => queued.push(...mails) }, requestBudgetMs: 1_500 },
  );
  // One confirmed, one waiting, one who waited and left.
  const registered = [];
  for (const someone of [person(), person(), person()])
    registered.push(
      (await (await api.register(someone)).json()) as { id: string; manageToken: string },
    );
  const gone = registered[2] as (typeof registered)[number];
  const cancelled = await api.app.request(`/editions/2030/registrations/${gone.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${gone.manageToken}` },
  });
  expect(cancelled.status).toBe(200);
  queued.length = 0;
  /** Edits the draft's source and puts it back. */
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
  const release = (name: string, extra: Record<string, unknown> = {}) =>
    api.organizer('POST', '/admin/editions/2030/agenda/releases', {
      name,
      comment: 'Test.',
      ...extra,
    });
  const items = (pk: string) => partitionItems(api.table, pk);
  return { api, queued, edit, release, items, registered };
}

/** The workshop ends an hour later: its session, computed back from the end, moves with it. */
const anHourLater = (source: Source) => ({
  ...source,
  agenda: source.agenda.map((entry) => (entry.kind === 'end' ? { ...entry, at: '11:00' } : entry)),
});

describe('a schedule notice', () => {
  it('is not written for a release that moves nothing (a title typo), nor with notify: false', async () => {
    const { queued, edit, release, items } = await noticeApi();
    await edit((source) => ({ ...source, title: 'Test Workshopp' }));
    const typo = await release('typo');
    expect(typo.status, typo.text).toBe(201);
    expect(typo.body.notified).toEqual({ registrants: 0, speakers: 0 });
    await edit(anHourLater);
    const quiet = await release('quiet', { notify: false });
    expect(quiet.body.notified).toEqual({ registrants: 0, speakers: 0 });
    expect(queued).toEqual([]);
    expect(await items('NOTICE#2030')).toEqual([]);
    const outbox = await items('MAIL#2030');
    expect(outbox.filter((item) => String(item.sk).includes('schedule'))).toEqual([]);
  });

  it('refuses notify that is not a boolean with a 400 naming it', async () => {
    const { release } = await noticeApi();
    const refused = await release('bad', { notify: 'no' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({ name: 'notify', in: 'body' }),
    );
  });

  it('survives a release interrupted before it was queued: the next attempt queues it, once', async () => {
    const { api, queued, edit, release, items, registered } = await noticeApi();
    let failQueue = false;
    api.table.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = JSON.stringify(args.input ?? null);
        if (
          failQueue &&
          context.commandName === 'TransactWriteItemsCommand' &&
          input.includes('fanout_schedule_')
        ) {
          throw Object.assign(new Error('Throttled.'), { name: 'ThrottlingException' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failScheduleQueue' },
    );
    await edit(anHourLater);
    failQueue = true;
    expect((await release('later')).status).toBe(503);
    // The release stands, published; its notice waits beside it, nothing queued.
    expect((await api.organizer('GET', '/editions/2030')).body.endsAt).toMatch(/T11:00/);
    expect((await items('NOTICE#2030')).map((item) => item.sk)).toEqual(['REL#0002']);
    expect(queued).toEqual([]);

    failQueue = false;
    // Nothing left to release: the attempt finishes the release's steps, its notice queued, and
    // is answered as that release (releases/release.ts).
    const again = await release('again');
    expect(again.status).toBe(201);
    expect(again.body.release).toMatchObject({ number: 2, name: 'later' });
    expect(again.body.notified).toEqual({ registrants: 2, speakers: 0 });
    expect(queued.map((mail) => mail.id)).toEqual(['fanout_schedule_2']);
    expect(await items('NOTICE#2030')).toEqual([]);
    expect((await release('once more')).status).toBe(409);
    expect(queued).toHaveLength(1);

    // Expanded: one copy per confirmed and waiting registrant, ids by release and registration.
    const expansion = {
      announcements: api.stores.announcements,
      registrations: api.stores.registrations,
      mails: { committed: () => undefined },
      clock: () => REGISTRATION_OPEN_AT,
    };
    expect(await expandAnnouncement(2030, 'fanout_schedule_2', expansion)).toBe('sent');
    const copies = async () =>
      (await items('MAIL#2030')).filter((item) => item.kind === 'schedule-changed');
    const first = await copies();
    // The confirmed and the waiting; not the one who left.
    expect(first.map((item) => item.sk).sort()).toEqual(
      registered
        .slice(0, 2)
        .map((one) => `mail_schedule_2_${one.id}`)
        .sort(),
    );
    // Queued again (an answer lost) and expanded again: no second fan-out, no second copy.
    const schedule = first[0]?.schedule as QueuedMail['schedule'];
    if (!schedule) throw new Error('A copy carries the notice.');
    const { notice } = schedule;
    expect(notice.moved.map((talk) => talk.id)).toEqual(['one-one-talk']);
    await api.stores.scheduleNotices.queue(2030, 2, notice, REGISTRATION_OPEN_AT);
    expect(await expandAnnouncement(2030, 'fanout_schedule_2', expansion)).toBe('not-claimed');
    expect(await copies()).toEqual(first);
  });

  it('is written for a deploy of an edition file that moves the workshop, and queued once', async () => {
    const { api, queued, items } = await noticeApi();
    const file = registrationEdition({ capacity: 1 });
    const moved = {
      ...file,
      agenda: file.agenda.map((entry) =>
        entry.kind === 'end' ? { ...entry, at: '11:00' } : entry,
      ),
    };
    const deployed = await publishEditionFile(api.stores, moved, REGISTRATION_OPEN_AT);
    expect(deployed.release).toBe(2);
    expect(queued.map((mail) => mail.id)).toEqual(['fanout_schedule_2']);
    expect(await items('NOTICE#2030')).toEqual([]);
    // The same file again: no release, nothing more to tell.
    expect((await publishEditionFile(api.stores, moved, REGISTRATION_OPEN_AT)).release).toBe(2);
    expect(queued).toHaveLength(1);
  });
});
