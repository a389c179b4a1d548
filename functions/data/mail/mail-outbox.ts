import {
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { QueuedMail } from '#shared/mail/queued.ts';
import type { TableAccess } from '../table/client.ts';
import { unlessConditionFails } from '../table/conditions.ts';
import {
  mailPk,
  REMINDERS_SK,
  registrationSk,
  registrationsPk,
  remindersPk,
} from '../table/keys.ts';
import { eventExpiry } from '../webhooks/event-outbox.ts';

/**
 * The outbox of attendee messages. A message is put in the same transaction as the change that
 * causes it (`mailPutItem`), then delivered once per id: a sender claims it (a lease, so two
 * senders never send it at once and a crashed one's claim runs out), sends, and marks it sent,
 * erasing the address it carried. In AWS the table's stream brings new MAIL# items to the mail
 * queue; locally the mail dispatcher hears of them.
 *
 * | entity  | pk          | sk        |                                         |
 * |---------|-------------|-----------|-----------------------------------------|
 * | message | MAIL#<year> | <mail id> | TTL 14 days; state pending → sending → sent, failed or skipped (redrive: failed → pending) |
 *
 * | access pattern          | operation                                                   |
 * |-------------------------|-------------------------------------------------------------|
 * | queue a message         | Put (attribute_not_exists) in the change's transaction      |
 * | queue one on its own    | Put (attribute_not_exists): reminders                       |
 * | announcement fan-out    | announcement-store.ts: one item, expanded in sealed chunks  |
 * | claim for sending       | Update state pending (or an expired lease) → sending       |
 * | sent, failed, skipped   | Update state, REMOVE the address                            |
 * | unsent (on restart)     | Query MAIL#<year>, state pending or sending                 |
 * | given up (redrive)      | Query MAIL#<year>, state failed; Update failed → pending    |
 * | one person's messages   | Query MAIL#<year>, registrationId filtered, no address      |
 * | one message (feedback)  | GetItem MAIL#<year> / <mail id>                             |
 * | undeliverable address   | Update the registration: mailUndeliverable                  |
 * | reminders queued        | Get / Put REMINDERS#<year> / QUEUED (outside MAIL#: the stream ignores it) |
 */

/** How long a claim holds: a sender that died mid-send is taken over after it. */
export const MAIL_LEASE_MS = 60_000;

export type MailState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface MailRecord extends QueuedMail {
  state: MailState;
  attempts: number;
  leaseUntil?: string;
  sentAt?: string;
  /** Why it failed or was skipped: a code or a status, never an address. */
  reason?: string;
  /** When a message given back after a passing failure is due again (the periodic scans read it). */
  nextAttemptAt?: string;
  /**
   * Until when it is worth trying, set by a redrive; otherwise derived from its kind and the
   * edition when it is sent (mail/delivery.ts).
   */
  usefulUntil?: string;
}

/** A message as an organizer sees it in a person's record: never its address. */
export interface MailHistoryEntry {
  id: string;
  kind: string;
  state: MailState;
  attempts: number;
  queuedAt: string;
  sentAt: string | null;
  reason: string | null;
}

/** The reason of a registration's mailUndeliverable that a redrive clears: ours, not the address's. */
export const GAVE_UP_PREFIX = 'gave-up:';

/**
 * Where committed messages go next: the local mail dispatcher, or nothing in AWS (the stream).
 * Only their year and id are read: an announcement's fan-out (announcement-store.ts) goes the
 * same way.
 */
export interface MailSink {
  committed(mails: readonly Pick<QueuedMail, 'year' | 'id'>[]): void;
}

export const streamMailed: MailSink = { committed: () => undefined };

/** The outbox item of a message, to put in the transaction of the change that causes it. */
export function mailPutItem(tableName: string, mail: QueuedMail) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: mailPk(mail.year),
        sk: mail.id,
        entity: 'mail',
        ...mail,
        state: 'pending' satisfies MailState,
        attempts: 0,
        expiresAt: eventExpiry(new Date(mail.queuedAt)),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The outbox item of a fan-out (one message per recipient, expanded later in chunks by
 * mail/announcement-fanout.ts), to put in the transaction of the change that causes it.
 * `what` says what each copy carries (an announcement's id, a release's schedule notice).
 */
export function fanOutPutItem(
  tableName: string,
  fanOut: { year: number; id: string; audience: string; now: Date },
  what: Record<string, string>,
) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: mailPk(fanOut.year),
        sk: fanOut.id,
        entity: 'mail-fanout',
        id: fanOut.id,
        year: fanOut.year,
        ...what,
        audience: fanOut.audience,
        queuedAt: fanOut.now.toISOString(),
        queued: 0,
        state: 'pending' satisfies MailState,
        attempts: 0,
        expiresAt: eventExpiry(fanOut.now),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

function toRecord(item: Record<string, unknown>): MailRecord {
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...record } = item;
  return record as unknown as MailRecord;
}

export type MailOutbox = ReturnType<typeof createMailOutbox>;

export function createMailOutbox({ client, tableName }: TableAccess) {
  const key = (year: number, id: string) => ({ pk: mailPk(year), sk: id });

  /** Ends a claim: the state, when, why; the address goes with every final state. */
  async function settle(
    year: number,
    id: string,
    state: Exclude<MailState, 'pending' | 'sending'>,
    now: Date,
    reason?: string,
  ) {
    // Settled already: an earlier attempt whose answer was lost did it.
    await unlessConditionFails(settleItem(year, id, state, now, reason));
  }

  function settleItem(
    year: number,
    id: string,
    state: Exclude<MailState, 'pending' | 'sending'>,
    now: Date,
    reason?: string,
  ) {
    return client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(year, id),
        UpdateExpression: `SET #state = :state, settledAt = :now${reason ? ', reason = :reason' : ''}${state === 'sent' ? ', sentAt = :now' : ''} REMOVE #to, leaseUntil, leaseOwner`,
        ConditionExpression: '#state = :sending',
        ExpressionAttributeNames: { '#state': 'state', '#to': 'to' },
        ExpressionAttributeValues: {
          ':state': state,
          ':now': now.toISOString(),
          ':sending': 'sending',
          ...(reason ? { ':reason': reason } : {}),
        },
      }),
    );
  }

  /** The messages of an edition in these states, oldest first (ids are time-ordered). */
  async function queryStates(year: number, states: readonly MailState[]): Promise<MailRecord[]> {
    const found: MailRecord[] = [];
    const values = Object.fromEntries(states.map((state, index) => [`:s${index}`, state]));
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: `#state IN (${Object.keys(values).join(', ')})`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pk': mailPk(year), ...values },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      found.push(...(page.Items ?? []).map(toRecord));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  return {
    /**
     * Queues a message that no other change goes with (a reminder, an announcement's copy): false
     * when a message of that id is queued already, so queueing again never sends twice.
     */
    async queue(mail: QueuedMail): Promise<boolean> {
      return unlessConditionFails(
        client.send(new PutCommand(mailPutItem(tableName, mail).Put)).then(() => true),
        false,
      );
    },

    /**
     * Takes a message for sending: undefined when it is sent, settled, or being sent by someone
     * else whose lease has not run out. A sender that names itself (`owner`) may take again a
     * claim of its own whose attempt it knows ended before anything was sent.
     */
    async claim(year: number, id: string, now: Date, leaseMs = MAIL_LEASE_MS, owner?: string) {
      const claimed = await unlessConditionFails(
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(year, id),
            UpdateExpression: `SET #state = :sending, leaseUntil = :until, attempts = attempts + :one${owner ? ', leaseOwner = :owner' : ' REMOVE leaseOwner'}`,
            ConditionExpression: `attribute_exists(pk) AND (#state = :pending OR (#state = :sending AND (leaseUntil < :now${owner ? ' OR leaseOwner = :owner' : ''})))`,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':sending': 'sending',
              ':pending': 'pending',
              ':until': new Date(now.getTime() + leaseMs).toISOString(),
              ':now': now.toISOString(),
              ':one': 1,
              ...(owner ? { ':owner': owner } : {}),
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return claimed?.Attributes && toRecord(claimed.Attributes);
    },

    markSent: (year: number, id: string, now: Date) => settle(year, id, 'sent', now),
    markFailed: (year: number, id: string, now: Date, reason: string) =>
      settle(year, id, 'failed', now, reason),
    markSkipped: (year: number, id: string, now: Date, reason: string) =>
      settle(year, id, 'skipped', now, reason),

    /** Gives a claimed message back after a transient failure, due again at `nextAttemptAt`. */
    async release(year: number, id: string, reason: string, nextAttemptAt: Date) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(year, id),
          UpdateExpression:
            'SET #state = :pending, reason = :reason, nextAttemptAt = :next REMOVE leaseUntil, leaseOwner',
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':sending': 'sending',
            ':reason': reason,
            ':next': nextAttemptAt.toISOString(),
          },
        }),
      );
    },

    /**
     * Puts the given-up messages of an edition (all, or those of `ids`) back to pending, worth
     * trying until `usefulUntil`, and clears the mailUndeliverable that giving up set on their
     * registrations (not one a bounce, a complaint or a refusal set). Answers the messages put
     * back; a message no longer failed (sent meanwhile, redriven by another) is left alone.
     */
    async redrive(
      year: number,
      now: Date,
      usefulUntil: Date,
      ids?: readonly string[],
    ): Promise<MailRecord[]> {
      const wanted = ids ? new Set(ids) : undefined;
      const failed = (await queryStates(year, ['failed'])).filter(
        (mail) => !wanted || wanted.has(mail.id),
      );
      const redriven: MailRecord[] = [];
      for (const mail of failed) {
        const update = await unlessConditionFails(
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key(year, mail.id),
              UpdateExpression:
                'SET #state = :pending, usefulUntil = :until, redrivenAt = :now REMOVE nextAttemptAt, settledAt',
              ConditionExpression: '#state = :failed',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: {
                ':pending': 'pending',
                ':failed': 'failed',
                ':until': usefulUntil.toISOString(),
                ':now': now.toISOString(),
              },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        if (update?.Attributes) redriven.push(toRecord(update.Attributes));
      }
      for (const registrationId of new Set(redriven.map((mail) => mail.registrationId))) {
        await unlessConditionFails(
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { pk: registrationsPk(year), sk: registrationSk(registrationId) },
              UpdateExpression: 'REMOVE mailUndeliverable',
              ConditionExpression: 'begins_with(mailUndeliverable.reason, :ours)',
              ExpressionAttributeValues: { ':ours': GAVE_UP_PREFIX },
            }),
          ),
        );
      }
      return redriven;
    },

    /** A message by its id: SES's bounce and complaint events name it (its `message_id` tag). */
    async get(year: number, id: string): Promise<MailRecord | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: key(year, id) }),
      );
      return Item && toRecord(Item);
    },

    /** Messages not yet sent, oldest first: what a restarted sender and the scans pick up. */
    listUnsent: (year: number) => queryStates(year, ['pending', 'sending']),

    /** Messages given up, oldest first: what a redrive puts back. */
    listFailed: (year: number) => queryStates(year, ['failed']),

    /**
     * The messages of the last 14 days to one registration, oldest first, without their address:
     * a Query of the edition's outbox filtered on the registration (an organizer opening one
     * person's record; read capacity by the outbox's size, a few units).
     */
    async messagesTo(year: number, registrationId: string): Promise<MailHistoryEntry[]> {
      const found: MailHistoryEntry[] = [];
      const input = {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'registrationId = :id',
        ProjectionExpression: 'id, kind, #state, attempts, queuedAt, sentAt, reason',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pk': mailPk(year), ':id': registrationId },
      };
      for await (const page of paginateQuery({ client }, input)) {
        for (const item of page.Items ?? [])
          found.push({
            id: String(item.id),
            kind: String(item.kind),
            state: String(item.state) as MailState,
            attempts: Number(item.attempts ?? 0),
            queuedAt: String(item.queuedAt),
            sentAt: item.sentAt === undefined ? null : String(item.sentAt),
            reason: item.reason === undefined ? null : String(item.reason),
          });
      }
      return found;
    },

    /** When this edition's reminders were queued; undefined before. */
    async remindersQueuedAt(year: number): Promise<string | undefined> {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: remindersPk(year), sk: REMINDERS_SK },
          ConsistentRead: true,
        }),
      );
      return Item?.queuedAt as string | undefined;
    },

    async markRemindersQueued(year: number, now: Date): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: remindersPk(year),
            sk: REMINDERS_SK,
            entity: 'reminders',
            queuedAt: now.toISOString(),
          },
        }),
      );
    },

    /** An address that bounced or complained: organizers see it in their registration list. */
    async markUndeliverable(year: number, registrationId: string, reason: string, now: Date) {
      // Gone or cancelled since: there is no address left to mark.
      await unlessConditionFails(
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: registrationsPk(year), sk: registrationSk(registrationId) },
            UpdateExpression: 'SET mailUndeliverable = :undeliverable',
            ConditionExpression: 'attribute_exists(pk) AND #status <> :cancelled',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':undeliverable': { reason, at: now.toISOString() },
              ':cancelled': 'cancelled',
            },
          }),
        ),
      );
    },
  };
}
