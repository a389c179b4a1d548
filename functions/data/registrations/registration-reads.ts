import {
  GetCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { STATUS_INDEX } from '#functions/contract.ts';
import type { RegistrationStatus } from '#shared/registration/rules.ts';
import type { TableAccess } from '../table/client.ts';
import {
  REGISTRATION_SK_PREFIX,
  registrationIdOf,
  registrationSk,
  registrationsPk,
  statusIndexPk,
  WAITLIST_SK_PREFIX,
  waitlistSk,
} from '../table/keys.ts';
import { nextPosition, type Page, startAfter } from '../table/page.ts';
import {
  type RegistrationRecord,
  registrationKey,
  toRecord,
  waitTicketOf,
} from './registration-items.ts';

/**
 * Reads of registrations and of the waiting list (item shapes in registration-items.ts).
 *
 * | access pattern                | operation                                                   |
 * |-------------------------------|-------------------------------------------------------------|
 * | read own registration         | GetItem REG#<year> / REG#<id>                               |
 * | waiting-list position         | Query COUNT of WAIT# entries up to one's own ticket (consistent) |
 * | whole waiting list, in order  | Query REG#<year> begins_with WAIT# (consistent)             |
 * | head of the waiting list      | Query REG#<year> begins_with WAIT#, Limit 1 (consistent)    |
 * | organizer list (all / status) | Query REG#<year> begins_with REG#  /  Query gsi1 REGSTATUS#<year>#<status>, paged |
 * | organizer export              | Query REG#<year> begins_with REG#, every page               |
 * | overview tallies              | Query REG#<year> begins_with REG#, three attributes projected, every page |
 *
 * WAIT#<ticket> entries sort in commit order: a join commits only with a ticket above every
 * ticket committed before it (wait-tickets.ts, the seat counter's condition). So the waiting list
 * is first in, first out, and a position is a rank (no gaps, no duplicates). Nobody can join
 * ahead of an entry once it is committed, so a position read after one's own commit is exact
 * then and can only get better: in a burst without departures, the people who join are told
 * 1..n, each number once, whichever function served them and whatever its clock said.
 */

export type RegistrationPage = Page<RegistrationRecord>;

export function createRegistrationReads({ client, tableName }: TableAccess) {
  async function readRegistration(year: number, id: string, consistent: boolean) {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: registrationKey(year, id),
        ConsistentRead: consistent,
      }),
    );
    return Item && toRecord(Item);
  }

  /** Eventually consistent reads under way, by edition and id. */
  const reading = new Map<string, Promise<RegistrationRecord | undefined>>();

  /**
   * A registration. Requests for the same one at the same time (a DELETE sent twice, a page and
   * its QR code) share one eventually consistent read: either answer is one such a read may give.
   * A consistent read is never shared.
   */
  function getRegistration(
    year: number,
    id: string,
    consistent = false,
  ): Promise<RegistrationRecord | undefined> {
    if (consistent) return readRegistration(year, id, true);
    const key = `${year}#${id}`;
    const pending = reading.get(key);
    if (pending) return pending;
    const read = readRegistration(year, id, false).finally(() => reading.delete(key));
    reading.set(key, read);
    return read;
  }

  /** The rank of the waiting-list entry with this ticket. */
  async function positionOfTicket(year: number, ticket: number): Promise<number> {
    let position = 0;
    const input: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: {
        ':pk': registrationsPk(year),
        ':first': WAITLIST_SK_PREFIX,
        ':last': waitlistSk(ticket),
      },
      Select: 'COUNT',
      ConsistentRead: true,
    };
    for await (const page of paginateQuery({ client }, input)) position += page.Count ?? 0;
    return position;
  }

  /** The place of a waitlisted registration on the waiting list. */
  const waitlistPosition = (record: RegistrationRecord) =>
    positionOfTicket(record.year, waitTicketOf(record));

  /** Registration id -> position, for the whole waiting list (organizer views). */
  async function waitlistPositions(year: number): Promise<Map<string, number>> {
    const positions = new Map<string, number>();
    const input: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': registrationsPk(year), ':prefix': WAITLIST_SK_PREFIX },
      ConsistentRead: true,
    };
    for await (const page of paginateQuery({ client }, input)) {
      for (const item of page.Items ?? []) positions.set(item.registrationId, positions.size + 1);
    }
    return positions;
  }

  /** The first `count` entries of the waiting list, oldest first (consistent). */
  async function waitlistHeads(year: number, count: number) {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': registrationsPk(year), ':prefix': WAITLIST_SK_PREFIX },
        ConsistentRead: true,
        Limit: count,
      }),
    );
    return Items.map((head) => ({
      sk: String(head.sk),
      registrationId: String(head.registrationId),
    }));
  }

  /** The oldest waiting-list entry: its sort key and its registration. */
  const waitlistHead = async (year: number) => (await waitlistHeads(year, 1))[0];

  /**
   * A page of registrations in creation order, all or by status, after the registration `after`
   * (the `last` of the previous page).
   */
  async function listRegistrations(
    year: number,
    options: { status?: RegistrationStatus; limit: number; after?: string },
  ): Promise<RegistrationPage> {
    const { status } = options;
    const start = startAfter(options.after, (after) => ({
      pk: registrationsPk(year),
      sk: registrationSk(after),
      ...(status
        ? {
            [STATUS_INDEX.partitionKey]: statusIndexPk(year, status),
            [STATUS_INDEX.sortKey]: after,
          }
        : {}),
    }));
    const input: QueryCommandInput = status
      ? {
          TableName: tableName,
          IndexName: STATUS_INDEX.name,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': statusIndexPk(year, status) },
        }
      : {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': registrationsPk(year),
            ':prefix': REGISTRATION_SK_PREFIX,
          },
        };
    const { Items, LastEvaluatedKey } = await client.send(
      new QueryCommand({ ...input, Limit: options.limit, ...start }),
    );
    return {
      items: (Items ?? []).map(toRecord),
      last: nextPosition(LastEvaluatedKey, registrationIdOf),
    };
  }

  async function allRegistrations(year: number): Promise<RegistrationRecord[]> {
    const records: RegistrationRecord[] = [];
    const input: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': registrationsPk(year),
        ':prefix': REGISTRATION_SK_PREFIX,
      },
    };
    for await (const page of paginateQuery({ client }, input))
      records.push(...(page.Items ?? []).map(toRecord));
    return records;
  }

  /**
   * How many confirmed people are checked in and how many registrations' addresses messages
   * cannot reach: one Query of the registrations projected to three attributes (read capacity
   * by their whole size, about one unit per 8 KB eventually consistent; a few hundred people
   * are a few units).
   */
  async function tallies(year: number): Promise<{ checkedIn: number; mailUndeliverable: number }> {
    const counts = { checkedIn: 0, mailUndeliverable: 0 };
    const input: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': registrationsPk(year),
        ':prefix': REGISTRATION_SK_PREFIX,
      },
      ProjectionExpression: '#status, checkedInAt, mailUndeliverable',
    };
    for await (const page of paginateQuery({ client }, input)) {
      for (const item of page.Items ?? []) {
        if (item.status === 'confirmed' && item.checkedInAt) counts.checkedIn += 1;
        if (item.status !== 'cancelled' && item.mailUndeliverable) counts.mailUndeliverable += 1;
      }
    }
    return counts;
  }

  return {
    tallies,
    getRegistration,
    positionOfTicket,
    waitlistPosition,
    waitlistPositions,
    waitlistHead,
    waitlistHeads,
    listRegistrations,
    allRegistrations,
  };
}
