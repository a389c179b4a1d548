import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { TableAccess } from '../table/client.ts';
import { registrationKey } from './registration-items.ts';

/**
 * Check-in at the door: the registration item gets `checkedInAt`, once, with the id of the scan
 * that wrote it (`checkInScanId`). One conditional UpdateItem answers everything: the first
 * check-in writes; the same scan again (a retry whose first write landed though its answer was
 * lost) passes the condition without changing anything and answers as the first did; another
 * scan of a checked-in person, a waiting person, a cancelled or unknown registration fail the
 * condition, and the item as it was (returned with the failure) says which.
 *
 * | access pattern | operation                                                                 |
 * |----------------|---------------------------------------------------------------------------|
 * | check in       | UpdateItem REG#<year> / REG#<id> SET checkedInAt, checkInScanId if confirmed and not yet (or by this scan) |
 * | attendance     | the registrations' Query (registration-reads.ts), counted in memory       |
 */

/** `name`: whom the door admitted, for the organizer's answer only (null if none is kept). */
export type CheckInOutcome =
  | { result: 'checked-in'; checkedInAt: string; name: string | null }
  | { result: 'already'; checkedInAt: string; name: string | null }
  | { result: 'waitlisted' }
  | { result: 'unknown' };

export type CheckIns = ReturnType<typeof createCheckIns>;

export function createCheckIns({ client, tableName }: TableAccess) {
  return {
    /** `scanId` names one scan at the door: its retries send the same one. */
    async checkIn(
      year: number,
      registrationId: string,
      now: Date,
      scanId: string,
    ): Promise<CheckInOutcome> {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: registrationKey(year, registrationId),
            // if_not_exists: the same scan again keeps the first time.
            UpdateExpression:
              'SET checkedInAt = if_not_exists(checkedInAt, :at), checkInScanId = if_not_exists(checkInScanId, :scan)',
            ConditionExpression:
              'attribute_exists(pk) AND #status = :confirmed AND (attribute_not_exists(checkedInAt) OR checkInScanId = :scan)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':at': now.toISOString(),
              ':scan': scanId,
              ':confirmed': 'confirmed',
            },
            // The whole item: the door shows whom it admitted.
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return {
          result: 'checked-in',
          checkedInAt: String(Attributes?.checkedInAt),
          name: nameOf(Attributes),
        };
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') {
          throw error;
        }
        const raw = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
        const item = raw ? unmarshall(raw) : undefined;
        if (item?.status === 'confirmed' && typeof item.checkedInAt === 'string') {
          return { result: 'already', checkedInAt: item.checkedInAt, name: nameOf(item) };
        }
        if (item?.status === 'waitlisted') return { result: 'waitlisted' };
        return { result: 'unknown' };
      }
    },
  };
}

const nameOf = (item: Record<string, unknown> | undefined) =>
  typeof item?.name === 'string' ? item.name : null;
