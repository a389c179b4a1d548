import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  announcementsPk,
  IDEMPOTENCY_SK,
  idempotencyPk,
  registrationsPk,
} from '#functions/data/table/keys.ts';
import { idempotencyKeyHash, sealReply } from '#functions/registrations/secrets.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * What an Idempotency-Key's record keeps (issue 22): the request's domain outcome, never a status
 * code or an answer's body; the routes make the answer again from it. Records written before kept
 * `statusCode` and the body (a registration's sealed with the key); they live 25 hours, so those
 * a live table still holds are replayed as they answered then.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;

const recordKey = (year: number, key: string) => ({
  pk: idempotencyPk(year, idempotencyKeyHash(key)),
  sk: IDEMPOTENCY_SK,
});

async function record(api: Api, key: string) {
  const { Item } = await api.table.client.send(
    new GetCommand({
      TableName: api.table.tableName,
      Key: recordKey(api.year, key),
      ConsistentRead: true,
    }),
  );
  return Item;
}

async function answer(response: Response) {
  return {
    status: response.status,
    location: response.headers.get('location'),
    type: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** The record as the code before issue 22 completed it: the answer's status and sealed body. */
async function writtenTheOldWay(api: Api, key: string, first: Awaited<ReturnType<typeof answer>>) {
  await api.table.client.send(
    new UpdateCommand({
      TableName: api.table.tableName,
      Key: recordKey(api.year, key),
      UpdateExpression: 'SET storedReply = :reply REMOVE outcome',
      ExpressionAttributeValues: {
        ':reply': { statusCode: first.status, body: sealReply(key, JSON.stringify(first.body)) },
      },
    }),
  );
}

describe('a registration’s Idempotency-Key record', () => {
  it('keeps the outcome (id and place, or the refusal), with no status code, body or token', async () => {
    const api = await registrationApi(registrationEdition({ capacity: 1 }));
    const first = await answer(await api.register(person(), { 'idempotency-key': 'kept-1' }));
    const second = await answer(await api.register(person(), { 'idempotency-key': 'kept-2' }));
    const someone = person();
    await api.register(someone);
    const refused = await answer(await api.register(someone, { 'idempotency-key': 'kept-3' }));

    const records = await Promise.all(
      ['kept-1', 'kept-2', 'kept-3'].map((key) => record(api, key)),
    );
    expect(records.map((item) => item?.outcome)).toEqual([
      { kind: 'confirmed', registrationId: first.body.id },
      { kind: 'waitlisted', registrationId: second.body.id, waitlistPosition: 1 },
      { kind: 'refused', reason: 'already-registered', detail: refused.body.detail },
    ]);
    for (const item of records) {
      expect(item).toMatchObject({ state: 'done' });
      expect(item).not.toHaveProperty('storedReply');
      expect(JSON.stringify(item)).not.toMatch(/statusCode|manageToken|token=/);
    }
    expect(refused.status).toBe(409);
  });

  it.each([
    ['a confirmed 201', 1],
    ['a waitlisted 201 with its position', 2],
  ])(
    'written before outcomes were kept, replays %s as it answered then, writing nothing',
    async (_, nth) => {
      const api = await registrationApi(registrationEdition({ capacity: 1 }));
      for (let index = 1; index < nth; index += 1) await api.register(person());
      const someone = person();
      const first = await answer(await api.register(someone, { 'idempotency-key': 'old-1' }));
      expect(first.status).toBe(201);
      await writtenTheOldWay(api, 'old-1', first);
      const before = await partitionItems(api.table, registrationsPk(api.year));

      const replay = await answer(await api.register(someone, { 'idempotency-key': 'old-1' }));
      expect(replay).toEqual(first);
      expect(await partitionItems(api.table, registrationsPk(api.year))).toEqual(before);
      expect((await record(api, 'old-1'))?.outcome).toBeUndefined();
    },
  );

  it('written before outcomes were kept, replays a refusal as the same problem', async () => {
    const api = await registrationApi();
    const someone = person();
    await api.register(someone);
    const first = await answer(await api.register(someone, { 'idempotency-key': 'old-dup' }));
    expect(first.status).toBe(409);
    await writtenTheOldWay(api, 'old-dup', first);

    const replay = await answer(await api.register(someone, { 'idempotency-key': 'old-dup' }));
    expect(replay).toEqual(first);
    expect(replay.body.type).toBe('/problems/already-registered');
  });
});

describe('an announcement’s Idempotency-Key record', () => {
  it('keeps the announcement; one written before (statusCode and body) replays the same 202', async () => {
    const api = await registrationApi();
    const token = await api.organizerToken();
    const path = `/admin/editions/${api.year}/announcements`;
    const announce = async () =>
      answer(
        await api.app.request(path, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': 'doors-1',
          },
          body: JSON.stringify({ subject: 'Doors', text: 'The doors open at 9.' }),
        }),
      );
    const first = await announce();
    expect(first.status).toBe(202);
    const keyed = async () =>
      (await partitionItems(api.table, announcementsPk(api.year))).filter((item) =>
        String(item.sk).startsWith('IDEMPOTENCY#'),
      );
    const [kept] = await keyed();
    expect(kept).not.toHaveProperty('statusCode');
    expect(JSON.parse(String(kept?.announcement))).toEqual(first.body);

    await api.table.client.send(
      new UpdateCommand({
        TableName: api.table.tableName,
        Key: { pk: kept?.pk, sk: kept?.sk },
        UpdateExpression: 'SET statusCode = :status, body = :body REMOVE announcement',
        ExpressionAttributeValues: { ':status': 202, ':body': JSON.stringify(first.body) },
      }),
    );
    expect(await announce()).toEqual(first);
    const listed = await api.organizer('GET', path);
    expect(listed.body.items).toHaveLength(1);
  });
});
