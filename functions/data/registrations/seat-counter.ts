import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SeatCounts } from '#shared/registration/rules.ts';
import type { TableAccess } from '../table/client.ts';
import { unlessConditionFails } from '../table/conditions.ts';
import { registrationsPk, SEAT_COUNTER_SK, seatCounterKey } from '../table/keys.ts';

/**
 * The seat counter: one item per edition holding the seat counts (capacity, confirmed,
 * waitlisted) and the registration window, so that a revalidation (304) of a page showing seats
 * costs one small read. Publishing sets capacity and window and keeps the counts; the same file
 * published again writes nothing. The published version is the edition head's (editions/edition-head.ts);
 * a counter from before the head held it too (`version`, `liveVersion`): the next publish drops it.
 *
 * Stored names, older than this one: sort key `COUNTER`, `entity` "edition-state", and the
 * capacity in the attribute `seatCapacity`. They are kept so that stored items need no migration.
 *
 * | entity       | pk           | sk      |
 * |--------------|--------------|---------|
 * | seat counter | SEATS#<year> | COUNTER |
 *
 * Its own partition, so that the public function may read it and no registrant (its role's
 * dynamodb:LeadingKeys). A counter stored in REG#<year> before moves at the next publish.
 *
 * | access pattern                          | operation                                          |
 * |-----------------------------------------|----------------------------------------------------|
 * | seats left, waiting list length         | GetItem (consistent before a registration round)   |
 * | edition details, edition page (seats)   | GetItem                                            |
 * | publish capacity and window             | UpdateItem if absent or changed, counts kept       |
 * | take, free or fill a seat; join or leave the waiting list | Update inside a registration transaction, on the condition below |
 *
 * It also holds `waitTicket`, the last waiting-list ticket committed (wait-tickets.ts): the
 * sequencer that puts the waiting list in commit order.
 *
 * Every change of the counts is conditional (`seatChanges`), so no interleaving can confirm more
 * than capacity, leave a seat free while someone waits, or promote one person twice.
 */

export interface SeatCounterSettings {
  /** 0 for an edition without registration. */
  capacity: number;
  opensAt?: string;
  closesAt?: string;
}

/** The whole seat counter: the counts, and the window the public ETags hang on. */
export interface SeatCounter extends SeatCounts, Omit<SeatCounterSettings, 'capacity'> {}

/** Where the counter lived before it had a partition of its own (inside the registrants'). */
export const legacySeatCounterKey = (year: number) => ({
  pk: registrationsPk(year),
  sk: SEAT_COUNTER_SK,
});

/** The whole counter: the counts and the window; undefined before the edition is published. */
async function readSeatCounter(
  { client, tableName }: TableAccess,
  year: number,
  consistent: boolean,
): Promise<SeatCounter | undefined> {
  const { Item } = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: seatCounterKey(year),
      ...(consistent ? { ConsistentRead: true } : {}),
    }),
  );
  if (!Item) return undefined;
  return {
    capacity: Item.seatCapacity,
    confirmed: Item.confirmed,
    waitlisted: Item.waitlisted,
    ...(Item.opensAt ? { opensAt: Item.opensAt, closesAt: Item.closesAt } : {}),
  };
}

export function createSeatCounter({ client, tableName }: TableAccess) {
  async function getSeatCounts(year: number, consistent = false): Promise<SeatCounts | undefined> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: seatCounterKey(year),
        ConsistentRead: consistent,
      }),
    );
    return Item && seatCountsOf(Item);
  }

  /**
   * Moves a counter from the registrants' partition to its own, counts and all, in one
   * transaction that deletes the old item only as it was read: a registration committing
   * meanwhile cancels the move, which is then tried again. Done at publish, before the settings.
   */
  async function moveLegacyCounter(year: number): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { Item: legacy } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: legacySeatCounterKey(year),
          ConsistentRead: true,
        }),
      );
      if (!legacy) return;
      const unchanged = Object.keys(legacy).filter((name) => name !== 'pk' && name !== 'sk');
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...legacy, ...seatCounterKey(year) },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Delete: {
                  TableName: tableName,
                  Key: legacySeatCounterKey(year),
                  ConditionExpression: unchanged.map((_, i) => `#a${i} = :v${i}`).join(' AND '),
                  ExpressionAttributeNames: Object.fromEntries(
                    unchanged.map((name, i) => [`#a${i}`, name]),
                  ),
                  ExpressionAttributeValues: Object.fromEntries(
                    unchanged.map((name, i) => [`:v${i}`, legacy[name]]),
                  ),
                },
              },
            ],
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
      }
    }
    throw new Error(`The seat counter of ${year} kept changing while it was being moved.`);
  }

  async function ensureSeatCounter(year: number, settings: SeatCounterSettings): Promise<void> {
    await moveLegacyCounter(year);
    const window =
      settings.opensAt && settings.closesAt
        ? { ':opensAt': settings.opensAt, ':closesAt': settings.closesAt }
        : undefined;
    await unlessConditionFails(
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: seatCounterKey(year),
          // The version of a counter from before the edition head goes (the head holds it).
          // An organizer's capacity (`capacityOverride`, setCapacity) outlives every publish.
          UpdateExpression:
            'SET entity = :entity, seatCapacity = if_not_exists(capacityOverride, :capacity), ' +
            'confirmed = if_not_exists(confirmed, :zero), waitlisted = if_not_exists(waitlisted, :zero)' +
            (window ? ', opensAt = :opensAt, closesAt = :closesAt' : '') +
            ` REMOVE version, liveVersion${window ? '' : ', opensAt, closesAt'}`,
          ConditionExpression:
            'attribute_not_exists(pk) OR (attribute_not_exists(capacityOverride) AND seatCapacity <> :capacity) OR attribute_exists(version) OR ' +
            (window
              ? 'NOT (opensAt = :opensAt AND closesAt = :closesAt)'
              : 'attribute_exists(opensAt)'),
          ExpressionAttributeValues: {
            ':entity': 'edition-state',
            ':capacity': settings.capacity,
            ':zero': 0,
            ...window,
          },
        }),
      ),
    );
  }

  /**
   * The organizer's seat count, kept over the edition file's at every publish: one conditional
   * UpdateItem, refused while more are confirmed than `seats` (then the counts as they were are
   * returned, `lowered: false`). A registration racing it fails its own condition on the
   * capacity it knew (`takeSeats`) and goes again on the new one: no interleaving oversells.
   * Undefined: no counter (the edition was never published).
   */
  async function setCapacity(
    year: number,
    seats: number,
  ): Promise<{ changed: boolean; before: SeatCounts } | undefined> {
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: seatCounterKey(year),
          UpdateExpression: 'SET seatCapacity = :seats, capacityOverride = :seats',
          ConditionExpression: 'attribute_exists(pk) AND confirmed <= :seats',
          ExpressionAttributeValues: { ':seats': seats },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return Attributes && { changed: true, before: seatCountsOf(Attributes) };
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException')
        throw error;
      // The item as it was, in DynamoDB's own form (the document client leaves errors alone).
      const { Item } = error as { Item?: Parameters<typeof unmarshall>[0] };
      return Item && { changed: false, before: seatCountsOf(unmarshall(Item)) };
    }
  }

  const getSeatCounter = (year: number, consistent = false) =>
    readSeatCounter({ client, tableName }, year, consistent);
  return { getSeatCounts, getSeatCounter, ensureSeatCounter, setCapacity };
}

/**
 * The seat counter as the public pages read it (counts and window), with retries: what the
 * public function needs of the registrations, without the rest of the registration store.
 */
export function createSeatCounterReader(table: TableAccess) {
  return { getSeatCounter: (year: number) => readSeatCounter(table, year, false) };
}

/** The counts of a stored seat counter item (as a read or a failed condition returns it). */
export function seatCountsOf(item: Record<string, unknown>): SeatCounts {
  return {
    capacity: Number(item.seatCapacity),
    confirmed: Number(item.confirmed),
    waitlisted: Number(item.waitlisted),
  };
}

/**
 * What a new registration can do by the counts: take one of the free seats, join the waiting
 * list behind `waitlisted` people, or neither (the list is full).
 */
export type Seats =
  | { kind: 'free'; capacity: number; confirmed: number }
  | { kind: 'waiting'; waitlisted: number }
  | { kind: 'list-full' };

export function seatsOf(counts: SeatCounts, waitlistLimit: number | undefined): Seats {
  if (counts.confirmed < counts.capacity && counts.waitlisted === 0)
    return { kind: 'free', capacity: counts.capacity, confirmed: counts.confirmed };
  if (waitlistLimit !== undefined && counts.waitlisted >= waitlistLimit)
    return { kind: 'list-full' };
  return { kind: 'waiting', waitlisted: counts.waitlisted };
}

/**
 * The seat counter's part of a registration transaction, one per change of the counts, each on
 * the condition that keeps the counts true.
 */
export function seatChanges(tableName: string) {
  const change = (
    year: number,
    update: string,
    condition: string,
    values: Record<string, number> = {},
  ) => ({
    Update: {
      TableName: tableName,
      Key: seatCounterKey(year),
      UpdateExpression: update,
      ConditionExpression: condition,
      // DynamoDB refuses values that the expressions do not use.
      ExpressionAttributeValues: Object.fromEntries(
        Object.entries({ ':one': 1, ':zero': 0, ...values }).filter(([name]) =>
          `${update} ${condition}`.includes(name),
        ),
      ),
    },
  });
  return {
    /**
     * New registrations take `count` seats only while that many are free and nobody waits. On a
     * failed condition the transaction's error carries the counter as it was (`seatCountsOf`).
     */
    takeSeats: (year: number, count: number, capacity: number) => {
      const { Update } = change(
        year,
        'SET confirmed = confirmed + :count',
        'seatCapacity = :capacity AND confirmed <= :atMost AND waitlisted = :zero',
        { ':count': count, ':capacity': capacity, ':atMost': capacity - count },
      );
      return { Update: { ...Update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } };
    },
    /**
     * New registrations join the waiting list only while no seat is free and the list has room
     * for them, with tickets above every ticket committed before (wait-tickets.ts), and behind
     * exactly `waiting` people: then their positions are `waiting + 1` onwards when they commit,
     * without a read. On a failed condition the transaction's error carries the counter as it
     * was (`seatCountsOf`).
     */
    joinWaitlist: (
      year: number,
      join: {
        /** Exactly the number waiting before them; unknown under contention (then not checked). */
        waiting?: number;
        count: number;
        firstTicket: number;
        lastTicket: number;
        waitlistLimit: number | undefined;
      },
    ) => {
      const { waiting, count, firstTicket, lastTicket, waitlistLimit } = join;
      const { Update } = change(
        year,
        'SET waitlisted = waitlisted + :count, waitTicket = :ticket',
        `(confirmed >= seatCapacity OR waitlisted > :zero)${
          waitlistLimit === undefined ? '' : ' AND waitlisted <= :mostBefore'
        }${waiting === undefined ? '' : ' AND waitlisted = :waiting'} AND (attribute_not_exists(waitTicket) OR waitTicket < :firstTicket)`,
        {
          ':count': count,
          ':ticket': lastTicket,
          ':firstTicket': firstTicket,
          ...(waiting === undefined ? {} : { ':waiting': waiting }),
          ...(waitlistLimit === undefined ? {} : { ':mostBefore': waitlistLimit - count }),
        },
      );
      return { Update: { ...Update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } };
    },
    /** One fewer waits: a waiting registration cancelled, or took a freed seat. */
    leaveWaitlist: (year: number) =>
      change(year, 'SET waitlisted = waitlisted - :one', 'waitlisted > :zero'),
    /** A seat is freed, and stays free only because nobody waits for it. */
    freeSeat: (year: number) =>
      change(year, 'SET confirmed = confirmed - :one', 'waitlisted = :zero AND confirmed > :zero'),
    /**
     * A group of cancellations (registrations/cancel.ts): `left` people leave the waiting list
     * (the waiting who cancel, and the heads promoted to seats the confirmed who cancel gave), and
     * `freed` seats no one took are freed, only if nobody waits for them then.
     */
    cancelGroup: (year: number, { freed, left }: { freed: number; left: number }) =>
      freed > 0
        ? change(
            year,
            'SET confirmed = confirmed - :freed, waitlisted = waitlisted - :left',
            'waitlisted = :left AND confirmed >= :freed',
            { ':freed': freed, ':left': left },
          )
        : change(year, 'SET waitlisted = waitlisted - :left', 'waitlisted >= :left', {
            ':left': left,
          }),
    /** A free seat (after a capacity increase) goes to the oldest waiting. */
    fillSeat: (year: number) =>
      change(
        year,
        'SET confirmed = confirmed + :one, waitlisted = waitlisted - :one',
        'confirmed < seatCapacity AND waitlisted > :zero',
      ),
  };
}
