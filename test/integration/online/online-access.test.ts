import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { hybridSource, JOIN_URL, SESSION_URL } from '../../support/mail/mail-fixtures.ts';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * The stream or meeting URL of an online or hybrid edition is private: a confirmed registrant
 * reads it in their own record (and on the manage page); nobody else, nowhere else. The URLs
 * carry "private-join-", which test/scan-logs.ts refuses in any log line.
 */

const HOSTS = /meet\.example\.org|lab\.example\.org|private-join-/;

/** The hybrid edition of the mail tests (one session online of its own), taking registrations. */
function hybridEdition() {
  const { registration } = registrationEdition({ capacity: 1 });
  return hybridSource({
    displayTimeZones: ['America/New_York'],
    ...(registration ? { registration } : {}),
  });
}

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

beforeAll(async () => {
  api = await registrationApi(hybridEdition());
});

const own = async (registration: { id: string; manageToken: string }, method = 'GET') => {
  const response = await api.app.request(`/editions/2030/registrations/${registration.id}`, {
    method,
    headers: { authorization: `Bearer ${registration.manageToken}` },
  });
  return { status: response.status, body: (await response.json()) as any };
};

const EXPECTED_ONLINE = {
  edition: { url: JOIN_URL, room: 'Workshop stream' },
  sessions: [{ sessionId: 'two', title: 'TWO', url: SESSION_URL, room: 'Lab room' }],
};

describe('the join URL', () => {
  it('goes to a confirmed registrant only, in their own record; not to the waiting or cancelled', async () => {
    const first = (await (await api.register(person())).json()) as any;
    const second = (await (await api.register(person())).json()) as any;
    expect([first.status, second.status]).toEqual(['confirmed', 'waitlisted']);
    expect(JSON.stringify([first, second])).not.toMatch(HOSTS);

    const confirmed = await own(first);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.online).toEqual(EXPECTED_ONLINE);
    const waiting = await own(second);
    expect(waiting.body.status).toBe('waitlisted');
    expect(JSON.stringify(waiting.body)).not.toMatch(HOSTS);

    const denied = await api.app.request(`/editions/2030/registrations/${first.id}`, {
      headers: { authorization: `Bearer ${second.manageToken}` },
    });
    expect(denied.status).toBe(404);
    expect(await denied.text()).not.toMatch(HOSTS);

    const cancelled = await own(first, 'DELETE');
    expect(cancelled.body.status).toBe('cancelled');
    expect(JSON.stringify(cancelled.body)).not.toMatch(HOSTS);
    expect(JSON.stringify((await own(first)).body)).not.toMatch(HOSTS);
    // The seat went to the waiting registrant, who now gets the URL.
    const promoted = await own(second);
    expect(promoted.body.status).toBe('confirmed');
    expect(promoted.body.online).toEqual(EXPECTED_ONLINE);
  });

  it('is in no public answer, page or export; they show the mode, venue, room and room names', async () => {
    const agenda = (await (await api.app.request('/editions/2030/agenda')).json()) as any;
    const talkId = agenda.slots.find((slot: { kind: string }) => slot.kind === 'talk').id;
    const paths = [
      '/',
      '/2030',
      '/2030/manage',
      '/editions',
      '/editions/2030',
      '/editions/2030/agenda',
      '/editions/2030/talks',
      `/editions/2030/talks/${talkId}`,
      `/editions/2030/talks/${talkId}.ics`,
      '/editions/2030/speakers',
      '/editions/2030/agenda/releases',
      '/editions/2030/agenda/changes?from=1&to=1',
      '/editions/2030/agenda.ics',
      '/editions/2030/schedule.json',
      '/editions/2030/schedule.xml',
      '/editions/2030/talks/no-such-talk',
      '/openapi.json',
      '/docs',
    ];
    for (const path of paths) {
      const response = await api.app.request(path);
      expect([200, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toMatch(HOSTS);
    }
    const details = (await (await api.app.request('/editions/2030')).json()) as any;
    expect(details.location).toEqual({
      mode: 'hybrid',
      venue: 'Test Venue',
      room: 'Hall 1',
      stream: { room: 'Workshop stream' },
    });
    expect(details.displayTimeZones).toEqual([
      { timeZone: 'Europe/Berlin', label: 'CEST' },
      { timeZone: 'America/New_York', label: 'ET' },
    ]);
    expect(agenda.sessions.map((one: { location?: unknown }) => one.location)).toEqual([
      undefined,
      { mode: 'online', stream: { room: 'Lab room' } },
    ]);
    const page = await (await api.app.request('/2030')).text();
    expect(page).toContain('Test Venue, Hall 1');
    expect(page).toContain('Workshop stream');
  });

  it('is stored in a partition of its own: no edition, catalog, release or seat-counter item holds it', async () => {
    const partition = async (pk: string) => {
      const { Items } = await api.table.client.send(
        new QueryCommand({
          TableName: api.table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      );
      return Items ?? [];
    };
    for (const pk of ['CATALOG', 'EDITION#2030', 'RELEASES#2030', 'REG#2030', 'DRAFT#2030']) {
      expect(JSON.stringify(await partition(pk)), pk).not.toMatch(HOSTS);
    }
    const [access] = await partition('ONLINE#2030');
    expect(access).toMatchObject({ sk: 'ACCESS', edition: { url: JOIN_URL } });
  });
});
