import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { contentVersion, headKey } from '#functions/data/editions/edition-head.ts';
import { createPublishedEditions } from '#functions/data/editions/published-editions.ts';
import { seatCounterKey } from '#functions/data/table/keys.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import {
  REGISTRATION_OPEN_AT,
  registrationApi,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * The edition head (EDITION#<year>/HEAD) on DynamoDB Local: a table from before it, whose seat
 * counter holds the version, keeps serving; a delay set then is public; the next deploy writes
 * the head and drops the version from the counter, and releases move it on.
 */

describe('a table from before the edition head', () => {
  it('serves the version on the seat counter until the next deploy writes the head', async () => {
    const file = registrationEdition();
    const api = await registrationApi(file);
    const { client, tableName } = api.table;
    const version = publishEdition(file).details.version;
    // As an older deploy left it: no head, the version on the counter.
    await client.send(new DeleteCommand({ TableName: tableName, Key: headKey(2030) }));
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: seatCounterKey(2030),
        UpdateExpression: 'SET version = :version',
        ExpressionAttributeValues: { ':version': version },
      }),
    );
    const publicFunction = () =>
      createPublishedEditions({
        store: api.stores.editions,
        heads: api.stores.heads,
        releases: api.stores.agenda,
        live: api.stores.live,
      });
    expect(await api.stores.heads.getHead(2030, true)).toEqual({ version });
    expect((await publicFunction().current(2030))?.version).toBe(version);

    // A delay set now writes the live version on a head of its own: public all the same.
    const delayed = await api.organizer('POST', '/admin/editions/2030/live/delays', {
      from: 'one',
      minutes: 10,
    });
    expect(delayed.status, delayed.text).toBe(201);
    const live = contentVersion(version, 1);
    expect((await publicFunction().current(2030))?.version).toBe(live);

    // The next deploy of the same file writes the head, keeps the live version, and the counter
    // loses the version it held.
    const deployed = await publishEditionFile(api.stores, file, REGISTRATION_OPEN_AT);
    expect(deployed.release).toBe(1);
    const [head] = (await partitionItems(api.table, 'EDITION#2030')).filter(
      (item) => item.sk === 'HEAD',
    );
    // With the agenda rendered for that version (data/editions/stored-agenda.ts).
    expect(head).toMatchObject({
      entity: 'head',
      release: 1,
      version,
      liveVersion: 1,
      agendaVersion: version,
      agenda: expect.any(Uint8Array),
    });
    const [counter] = await partitionItems(api.table, 'SEATS#2030');
    expect(counter?.version).toBeUndefined();
    expect(counter?.liveVersion).toBeUndefined();
    expect(await api.stores.heads.getHead(2030, true)).toMatchObject({ version: live, release: 1 });
    expect((await publicFunction().current(2030))?.version).toBe(live);
    // The partition's publish leaves the head alone.
    expect((await api.stores.editions.getPublishedEdition(2030))?.details.version).toBe(version);
  });
});
