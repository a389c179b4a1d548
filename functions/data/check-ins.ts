import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { TableAccess } from './client.ts';
import { registrationKey } from './registration-items.ts';
import { withRetries } from './retry.ts';

/**
 * Check-in at the door: the registration item gets `checkedInAt`, once. One conditional
 * UpdateItem answers everything: the first check-in writes; a repeat, a waiting person, a
 * cancelled or unknown registration fail the condition, and the item as it was (returned with
 * the failure) says which.
 *
 * | access pattern | operation                                                                 |
 * |----------------|---------------------------------------------------------------------------|
 * | check in       | UpdateItem REG#<year> / REG#<id> SET checkedInAt if confirmed and not yet |
 * | attendance     | the registrations' Query (registration-reads.ts), counted in memory       |
 */

export type CheckInOutcome =
  | { result: 'checked-in'; checkedInAt: string }
  | { result: 'already'; checkedInAt: string }
  | { result: 'waitlisted' }
  | { result: 'unknown' };

export type CheckIns = ReturnType<typeof createCheckIns>;

export function createCheckIns({ client, tableName }: TableAccess) {
  return {
    async checkIn(year: number, registrationId: string, now: Date): Promise<CheckInOutcome> {
      const at = now.toISOString();
      try {
        await withRetries(() =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: registrationKey(year, registrationId),
              UpdateExpression: 'SET checkedInAt = :at',
              ConditionExpression:
                'attribute_exists(pk) AND #status = :confirmed AND attribute_not_exists(checkedInAt)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':at': at, ':confirmed': 'confirmed' },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          ),
        );
        return { result: 'checked-in', checkedInAt: at };
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') {
          throw error;
        }
        const raw = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
        const item = raw ? unmarshall(raw) : undefined;
        if (item?.status === 'confirmed' && typeof item.checkedInAt === 'string') {
          return { result: 'already', checkedInAt: item.checkedInAt };
        }
        if (item?.status === 'waitlisted') return { result: 'waitlisted' };
        return { result: 'unknown' };
      }
    },
  };
}
