import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedEdition } from '../../../support/editions.ts';

/**
 * The seeder's Delete, when an edition stack is destroyed: the year's data stays (the archive)
 * unless the stack was deployed with `-c purge=true` (the custom resource's Purge property).
 */

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: (event: unknown) => Promise<{ PhysicalResourceId: string }>;

beforeAll(async () => {
  process.env.TABLE_NAME = 'hpcw-series';
  ({ handler } = (await import('#functions/seed/handler.ts')) as never);
});

beforeEach(() => {
  dynamo.reset();
  dynamo.on(ScanCommand).resolves({
    Items: [
      { pk: 'EDITION#2020', sk: 'META' },
      { pk: 'REG#2020', sk: 'REG#r1' },
      { pk: 'EDITION#2021', sk: 'META' },
      { pk: 'CATALOG', sk: 'EDITION#2020' },
      { pk: 'CATALOG', sk: 'EDITION#2021' },
    ],
  });
  dynamo.on(BatchWriteCommand).resolves({});
});

const deleteEvent = (properties: Record<string, string> = {}) => ({
  RequestType: 'Delete',
  PhysicalResourceId: 'edition-2020',
  ResourceProperties: { Edition: JSON.stringify(seedEdition()), ...properties },
});

describe('destroying an edition stack', () => {
  it('keeps the year’s data without purge', async () => {
    expect(await handler(deleteEvent())).toEqual({ PhysicalResourceId: 'edition-2020' });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('goes even when its edition file no longer passes the schema, and without a year it fails', async () => {
    const outgrown = { ...seedEdition(), agenda: 'no longer a list' };
    expect(
      await handler({
        ...deleteEvent(),
        ResourceProperties: { Edition: JSON.stringify(outgrown) },
      }),
    ).toEqual({ PhysicalResourceId: 'edition-2020' });
    await expect(
      handler({ ...deleteEvent(), ResourceProperties: { Edition: '{"title":"no year"}' } }),
    ).rejects.toThrow();
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('deletes the year’s items, and only them, when deployed with purge', async () => {
    expect(await handler(deleteEvent({ Purge: 'true' }))).toEqual({
      PhysicalResourceId: 'edition-2020',
    });
    const deleted = dynamo
      .commandCalls(BatchWriteCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.['hpcw-series'] ?? [])
      .map((request) => request.DeleteRequest?.Key);
    expect(deleted).toEqual([
      { pk: 'EDITION#2020', sk: 'META' },
      { pk: 'REG#2020', sk: 'REG#r1' },
      { pk: 'CATALOG', sk: 'EDITION#2020' },
    ]);
  });
});
