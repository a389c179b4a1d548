import { beforeAll, describe, expect, it } from 'vitest';
import {
  json,
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
} from '../../support/registration-app.ts';

/** Registrations as organizers see and change them: the list, its CSV, a publish over them. */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

beforeAll(async () => {
  api = await registrationApi();
});

describe('organizers', () => {
  it('needs a token (401) of the organizers group (403)', async () => {
    const path = '/admin/editions/2030/registrations';
    const none = await api.app.request(path);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(
      (await api.app.request(path, { headers: { authorization: 'Bearer not.a.jwt' } })).status,
    ).toBe(401);
    const outsider = await api.app.request(path, {
      headers: { authorization: `Bearer ${await api.organizerToken(['speakers'])}` },
    });
    expect(outsider.status).toBe(403);
    expect(((await outsider.json()) as any).type).toBe('/problems/forbidden');
  });

  it('shows which addresses messages cannot reach', async () => {
    const fresh = await registrationApi();
    const bouncing = await json(await fresh.register(person()));
    await json(await fresh.register(person()));
    await fresh.stores.mailOutbox.markUndeliverable(
      2030,
      bouncing.body.id,
      'SMTP 550',
      REGISTRATION_OPEN_AT,
    );
    const page = await fresh.organizer('GET', '/admin/editions/2030/registrations');
    expect(
      page.body.items.map((item: Record<string, unknown>) => [item.id, item.mailUndeliverable]),
    ).toEqual([
      [bouncing.body.id, 'SMTP 550'],
      [expect.any(String), null],
    ]);
  });

  it('lists registrations page by page and by status', async () => {
    const fresh = await registrationApi();
    for (let i = 0; i < 5; i += 1) await fresh.register(person());
    const headers = { authorization: `Bearer ${await fresh.organizerToken()}` };
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await json(
        await fresh.app.request(`/admin/editions/2030/registrations${query}`, { headers }),
      );
      expect(page.status).toBe(200);
      expect(page.cache).toBe('no-store');
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);

    const waitlisted = await json(
      await fresh.app.request('/admin/editions/2030/registrations?status=waitlisted', { headers }),
    );
    expect(
      waitlisted.body.items.map((item: { waitlistPosition: number }) => item.waitlistPosition),
    ).toEqual([1, 2, 3]);
    expect(waitlisted.body.items[0]).toMatchObject({
      status: 'waitlisted',
      email: expect.stringContaining('@'),
    });

    const badCursor = await json(
      await fresh.app.request(
        '/admin/editions/2030/registrations?cursor=eyJwayI6IkVESVRJT04jMjAyMCJ9',
        { headers },
      ),
    );
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].name).toBe('cursor');
  });

  it('exports RFC 4180 CSV with formula cells neutralised', async () => {
    const fresh = await registrationApi();
    await fresh.register(
      person({ name: '=HYPERLINK("http://evil.example","x")', affiliation: 'Lab, "Big" Data' }),
    );
    await fresh.register(person({ name: '@SUM(A1)', affiliation: '+1' }));
    const response = await fresh.app.request('/admin/editions/2030/registrations.csv', {
      headers: { authorization: `Bearer ${await fresh.organizerToken()}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'id,status,waitlistPosition,name,email,affiliation,audience,registeredAt,confirmedAt,cancelledAt,mailUndeliverable,checkedInAt',
    );
    expect(lines).toHaveLength(4);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(text).toContain(`'@SUM(A1)`);
    expect(text).toContain(`"Lab, ""Big"" Data"`);
    expect(text).toContain(`,'+1,`);
  });
});

describe('publishing an edition again', () => {
  it('keeps the counts, and a larger capacity gives the waiting list its seats, oldest first', async () => {
    const { publishEditionFile } = await import('#functions/releases/publish.ts');
    const { registrationEdition } = await import('../../support/registration-app.ts');
    const fresh = await registrationApi(registrationEdition({ capacity: 1 }));
    await fresh.register(person());
    const first = (await json(await fresh.register(person()))).body;
    const second = (await json(await fresh.register(person()))).body;

    const same = await publishEditionFile(
      fresh.stores,
      registrationEdition({ capacity: 1 }),
      REGISTRATION_OPEN_AT,
    );
    expect(same).toEqual({
      written: 0,
      deleted: 0,
      unchanged: same.unchanged,
      promoted: 0,
      release: 1,
    });
    expect(await fresh.stores.registrations.getSeatCounts(2030)).toEqual({
      capacity: 1,
      confirmed: 1,
      waitlisted: 2,
    });

    const larger = await publishEditionFile(
      fresh.stores,
      registrationEdition({ capacity: 2 }),
      REGISTRATION_OPEN_AT,
    );
    expect(larger.promoted).toBe(1);
    expect((await fresh.stores.registrations.getRegistration(2030, first.id))?.status).toBe(
      'confirmed',
    );
    expect((await fresh.stores.registrations.getRegistration(2030, second.id))?.status).toBe(
      'waitlisted',
    );
    expect(await fresh.stores.registrations.getSeatCounts(2030)).toEqual({
      capacity: 2,
      confirmed: 2,
      waitlisted: 1,
    });
  });
});
