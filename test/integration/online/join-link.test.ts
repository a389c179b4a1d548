import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mailPk } from '#functions/data/table/keys.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import type { QueuedMail } from '#shared/mail/queued.ts';
import { hybridSource, JOIN_URL, SESSION_URL } from '../../support/mail/mail-fixtures.ts';
import {
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * The join URL follows releases only: PUT …/draft with another stream URL (or an in-person
 * draft) changes nobody's link until a release; the release says so in its answer and the audit
 * log, and each confirmed registrant is mailed the new link. A draft read with GET (which shows
 * no URL) can be sent back as it is: an omitted URL is the draft's.
 */

const NEW_URL = 'https://meet.example.org/j/private-join-moved';

async function hybridApi(options: { requestBudgetMs?: number } = {}) {
  const queued: Pick<QueuedMail, 'year' | 'id'>[] = [];
  const { registration } = registrationEdition({ capacity: 2 });
  const api = await registrationApi(
    hybridSource(registration ? { registration } : {}),
    {},
    { mails: { committed: (mails) => queued.push(...mails) }, ...options },
  );
  const people = [];
  for (let index = 0; index < 3; index += 1) {
    people.push(
      (await (await api.register(person())).json()) as {
        id: string;
        manageToken: string;
        status: string;
      },
    );
  }
  expect(people.map((one) => one.status)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
  queued.length = 0;
  const online = async (who: { id: string; manageToken: string }) => {
    const response = await api.app.request(`/editions/2030/registrations/${who.id}`, {
      headers: { authorization: `Bearer ${who.manageToken}` },
    });
    return ((await response.json()) as { online?: { edition?: { url: string } } }).online;
  };
  const draft = () => api.organizer('GET', '/admin/editions/2030/draft');
  const putDraft = (source: unknown, etag: string | null) =>
    api.organizer('PUT', '/admin/editions/2030/draft', source, { 'if-match': etag ?? '' });
  const release = (name: string) =>
    api.organizer('POST', '/admin/editions/2030/agenda/releases', {
      name,
      comment: 'The stream moved.',
    });
  const audit = async () =>
    (await api.organizer('GET', '/admin/editions/2030/audit')).body.items as {
      action: string;
      target: string;
      summary: string;
    }[];
  return { api, people, queued, online, draft, putDraft, release, audit };
}

type Source = { location: { mode: string; stream?: { url?: string }; venue?: string } } & Record<
  string,
  unknown
>;

describe('the join URL', () => {
  it('survives its own round trip: the draft as GET answers it (no URL) is taken back unchanged', async () => {
    const { people, draft, putDraft, release, online } = await hybridApi();
    const read = await draft();
    expect(JSON.stringify(read.body.source)).not.toContain('private-join-');
    const sent = await putDraft(read.body.source, read.etag);
    expect(sent.status, sent.text).toBe(200);
    const released = await release('same');
    expect(released.status, released.text).toBe(201);
    expect(released.body.joinUrl).toEqual({ changed: false, notified: 0 });
    expect(await online(people[0] as (typeof people)[number])).toEqual({
      edition: { url: JOIN_URL, room: 'Workshop stream' },
      sessions: [{ sessionId: 'two', title: 'TWO', url: SESSION_URL, room: 'Lab room' }],
    });
    // Once more: nothing changed, the URLs included, so there is nothing to release.
    const again = await draft();
    expect((await putDraft(again.body.source, again.etag)).status).toBe(200);
    expect((await release('same again')).status).toBe(409);
  });

  it('changes only with a release, which says so in its answer and the audit log and mails confirmed registrants', async () => {
    const { people, queued, draft, putDraft, release, online, audit } = await hybridApi();
    const [first, second, waiting] = people as [
      (typeof people)[number],
      (typeof people)[number],
      (typeof people)[number],
    ];
    const read = await draft();
    const source = read.body.source as Source;
    const moved = { ...source, location: { ...source.location, stream: { url: NEW_URL } } };
    expect((await putDraft(moved, read.etag)).status).toBe(200);
    // Saved in the draft, released to nobody.
    expect((await online(first))?.edition?.url).toBe(JOIN_URL);
    expect(queued).toEqual([]);

    // Only the URL changed, and that is a change to release.
    const released = await release('moved');
    expect(released.status, released.text).toBe(201);
    expect(released.body.joinUrl).toEqual({ changed: true, notified: 2 });
    expect((await online(first))?.edition?.url).toBe(NEW_URL);
    expect((await online(second))?.edition?.url).toBe(NEW_URL);
    expect(await online(waiting)).toBeUndefined();

    const number = released.body.release.number;
    expect(queued.map((mail) => mail.id).sort()).toEqual(
      [first, second].map((one) => `mail_join_${number}_${one.id}`).sort(),
    );
    const entries = await audit();
    expect(entries[0]).toMatchObject({
      action: 'join-url.change',
      target: `release ${number}`,
      summary: `The join URL changed with release ${number}: the new link is mailed to 2 confirmed registrants`,
    });
    expect(JSON.stringify(entries)).not.toContain('private-join-');
  });

  it('is left alone by a deploy of the edition file once the API owns the edition', async () => {
    const { api, people, queued, draft, putDraft, release, online } = await hybridApi();
    const [first] = people as [(typeof people)[number]];
    const read = await draft();
    const source = read.body.source as Source;
    const moved = { ...source, location: { ...source.location, stream: { url: NEW_URL } } };
    expect((await putDraft(moved, read.etag)).status).toBe(200);
    expect((await release('moved')).status).toBe(201);
    queued.length = 0;
    // The file still has the old URL; deploying it changes nothing, quietly or otherwise.
    const { registration } = registrationEdition({ capacity: 2 });
    const deployed = await publishEditionFile(
      api.stores,
      hybridSource(registration ? { registration } : {}),
      REGISTRATION_OPEN_AT,
    );
    expect(deployed.release).toBeNull();
    expect((await online(first))?.edition?.url).toBe(NEW_URL);
    expect(queued).toEqual([]);
  });

  it('is not removed by an in-person draft until it is released', async () => {
    const { api, people, queued, draft, putDraft, release, online, audit } = await hybridApi();
    const [first] = people as [(typeof people)[number]];
    const read = await draft();
    const source = read.body.source as Source & { agenda: Record<string, unknown>[] };
    const inPerson = {
      ...source,
      location: { mode: 'in-person', venue: 'Test Venue', room: 'Hall 1' },
      agenda: source.agenda.map(({ location: _location, ...entry }) => entry),
    };
    expect((await putDraft(inPerson, read.etag)).status).toBe(200);
    expect(await online(first)).toMatchObject({
      edition: { url: JOIN_URL },
      sessions: [{ url: SESSION_URL }],
    });

    const released = await release('in person');
    expect(released.body.joinUrl).toEqual({ changed: true, notified: 2 });
    expect(await online(first)).toBeUndefined();
    // Hybrid to in person moves the workshop: the release's one summary tells it, to the
    // confirmed and the waiting (schedule-notice.test.ts), instead of a join-link message.
    expect(released.body.notified).toEqual({ registrants: 3, speakers: 0 });
    expect(queued.map((mail) => mail.id)).toEqual([
      `fanout_schedule_${released.body.release.number}`,
    ]);
    expect((await audit())[0]).toMatchObject({
      action: 'schedule.notice',
      summary: expect.stringMatching(/ and the edition: told to 3 registrants and 0 speakers$/),
    });
    const { Items } = await api.table.client.send(
      new QueryCommand({
        TableName: api.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'ONLINE#2030' },
      }),
    );
    expect(Items?.map((item) => item.sk)).toEqual(['DRAFT']);
  });

  it('keeps the messages of a release interrupted while queueing them: the next attempt queues the rest', async () => {
    const { api, people, queued, draft, putDraft, release, online } = await hybridApi({
      requestBudgetMs: 1_500,
    });
    const [first] = people as [(typeof people)[number]];
    let failMail = false;
    api.table.client.middlewareStack.add(
      (next, context) => async (args) => {
        // Marshalled or not, depending on where the document client's step runs: its text says.
        const item = JSON.stringify((args.input as { Item?: unknown }).Item ?? null);
        if (failMail && context.commandName === 'PutItemCommand' && item.includes(mailPk(2030))) {
          throw Object.assign(new Error('Throttled.'), { name: 'ThrottlingException' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failMailPuts' },
    );
    const read = await draft();
    const source = read.body.source as Source;
    const moved = { ...source, location: { ...source.location, stream: { url: NEW_URL } } };
    expect((await putDraft(moved, read.etag)).status).toBe(200);
    failMail = true;
    expect((await release('moved')).status).toBe(503);
    // The release and its URL stand; the messages are owed.
    expect((await online(first))?.edition?.url).toBe(NEW_URL);
    expect(queued).toEqual([]);
    failMail = false;
    // Nothing left to release: the attempt finishes the messages and the release's steps, and
    // is answered as that release (releases/release.ts).
    const again = await release('again');
    expect(again.status).toBe(201);
    expect(again.body.release).toMatchObject({ number: 2, name: 'moved' });
    expect(queued.map((mail) => mail.id.startsWith('mail_join_'))).toEqual([true, true]);
    expect((await release('once more')).status).toBe(409);
    expect(queued).toHaveLength(2);
  });
});
