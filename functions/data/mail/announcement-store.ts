import { randomUUID } from 'node:crypto';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AnnouncementAudience, FanOut, QueuedMail } from '#shared/mail/queued.ts';
import { type AuditEntry, auditItem } from '../editions/agenda-store.ts';
import type { TableAccess } from '../table/client.ts';
import { unlessConditionFails } from '../table/conditions.ts';
import { announcementsPk, mailPk } from '../table/keys.ts';
import { cancellationCodes, conditionFailureItem } from '../table/retry.ts';
import { fanOutPutItem, mailPutItem } from './mail-outbox.ts';

/**
 * Organizer announcements. Sending one is ONE transaction, so a request that fails writes nothing:
 * the announcement, its duplicate guard, the hour's count, the audit entry, the Idempotency-Key's
 * answer and one fan-out item in the mail outbox, which the mail side expands in chunks, each
 * sealed with the fan-out's cursor (functions/mail/announcement-fanout.ts).
 *
 * | entity              | pk              | sk                         |                            |
 * |---------------------|-----------------|----------------------------|----------------------------|
 * | announcement        | ANNOUNCE#<year> | ann_<ULID>                 | recipients once expanded   |
 * | duplicate guard     | ANNOUNCE#<year> | SENT#<subject+text hash>   | TTL 25 h                   |
 * | hourly count        | ANNOUNCE#<year> | RATE#<UTC hour>            | TTL 2 h                    |
 * | idempotency record  | ANNOUNCE#<year> | IDEMPOTENCY#<key hash>     | the announcement; TTL 25 h |
 * | fan-out             | MAIL#<year>     | fanout_<announcement id>   | audience, cursor, queued; the outbox's states |
 *
 * | access pattern        | operation                                                              |
 * |-----------------------|------------------------------------------------------------------------|
 * | send one              | TransactWriteItems: Put announcement, Put guard (absent or older than 24 h, unless resend), Update count (< limit), Put audit, Put fan-out, Put idempotency record (absent or expired) |
 * | claim the fan-out     | Update pending (or its lease run out, or ours) → sending               |
 * | queue a chunk         | TransactWriteItems: Put each copy (absent), Update the fan-out's cursor (unchanged, still ours); the last chunk also settles the fan-out and sets the announcement's recipients |
 * | let the fan-out go    | Update sending → pending (ours)                                        |
 * | read one              | GetItem                                                                |
 * | list, newest first    | Query ANNOUNCE#<year> begins_with ann_, descending                     |
 */

export interface Announcement {
  id: string;
  year: number;
  subject: string;
  text: string;
  /** Who receives it: the confirmed, or the waiting list as well. */
  audience: AnnouncementAudience;
  createdAt: string;
  createdBy: string;
  /** How many registrants it was queued for; null while the copies are being queued. */
  recipients: number | null;
}

/**
 * What an Idempotency-Key's record keeps for a replay: the request's hash and the announcement it
 * sent, as it was then (`announcement`, JSON; records written before issue 22 name it `body` and
 * are read alike until they expire, 25 hours after that deploy).
 */
interface AnnouncementIdempotency {
  keyHash: string;
  requestHash: string;
}

export interface AnnouncementSend {
  announcement: Announcement;
  /** SHA-256 of the subject and text: the duplicate guard's key. */
  contentHash: string;
  /** Send even if the same subject and text went out in the last 24 hours. */
  resend: boolean;
  /** Accepted announcements per edition and UTC hour. */
  perHour: number;
  audit: AuditEntry;
  idempotency?: AnnouncementIdempotency;
  now: Date;
}

export type SendOutcome =
  | { result: 'sent'; fanOut: { year: number; id: string } }
  | { result: 'replay'; requestHash: string; announcement: Announcement }
  | { result: 'duplicate'; announcementId: string; sentAt: string }
  | { result: 'rate-limited'; retryAfterSeconds: number };

/** A chunk of the expansion: the copies after `from` up to `to` (null: the last chunk). */
export interface FanOutChunk {
  from: string | undefined;
  to: string | null;
  mails: QueuedMail[];
  owner: string;
  leaseUntil: Date;
  now: Date;
}

const DUPLICATE_WINDOW_MS = 24 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;
/** The idempotency records and duplicate guards outlive their 24 hours by one. */
const KEEP_SECONDS = 25 * 60 * 60;
const ANNOUNCEMENT_ID_PREFIX = 'ann_';

export type AnnouncementStore = ReturnType<typeof createAnnouncementStore>;

const fromItem = (item: Record<string, unknown>): Announcement => ({
  id: String(item.id),
  year: Number(item.year),
  subject: String(item.subject),
  text: String(item.text),
  audience: item.audience as AnnouncementAudience,
  createdAt: String(item.createdAt),
  createdBy: String(item.createdBy),
  recipients: typeof item.recipients === 'number' ? item.recipients : null,
});

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function createAnnouncementStore({ client, tableName }: TableAccess) {
  const key = (year: number, id: string) => ({ pk: announcementsPk(year), sk: id });
  const fanOutKey = (year: number, id: string) => ({ pk: mailPk(year), sk: id });

  /** The items of one announcement's transaction, in the order the outcome reads them. */
  function sendItems(send: AnnouncementSend, fanOutId: string) {
    const { announcement, now } = send;
    const year = announcement.year;
    const hourStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...key(year, announcement.id),
            entity: 'announcement',
            ...announcement,
            recipients: null,
            contentHash: send.contentHash,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...key(year, `SENT#${send.contentHash}`),
            entity: 'announcement-guard',
            announcementId: announcement.id,
            sentAt: now.toISOString(),
            sentAtMs: now.getTime(),
            expiresAt: seconds(now) + KEEP_SECONDS,
          },
          ...(send.resend
            ? {}
            : {
                ConditionExpression: 'attribute_not_exists(pk) OR sentAtMs <= :dayAgo',
                ExpressionAttributeValues: { ':dayAgo': now.getTime() - DUPLICATE_WINDOW_MS },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              }),
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: key(year, `RATE#${hourStart.toISOString().slice(0, 13)}`),
          UpdateExpression: 'SET entity = :entity, expiresAt = :expires ADD sent :one',
          ConditionExpression: 'attribute_not_exists(sent) OR sent < :limit',
          ExpressionAttributeValues: {
            ':entity': 'announcement-rate',
            ':expires': seconds(hourStart) + 2 * 3600,
            ':one': 1,
            ':limit': send.perHour,
          },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: auditItem(year, send.audit),
        },
      },
      fanOutPutItem(
        tableName,
        { year, id: fanOutId, audience: announcement.audience, now },
        { announcementId: announcement.id },
      ),
    ];
    if (send.idempotency) {
      items.push({
        Put: {
          TableName: tableName,
          Item: {
            ...key(year, `IDEMPOTENCY#${send.idempotency.keyHash}`),
            entity: 'announcement-idempotency',
            requestHash: send.idempotency.requestHash,
            announcement: JSON.stringify(announcement),
            expiresAt: seconds(now) + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': seconds(now) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    }
    return { items, hourEnd: hourStart.getTime() + HOUR_MS };
  }

  /** Writes an announcement and its fan-out, or says why not (nothing written then). */
  async function send(send: AnnouncementSend, fanOutId: string): Promise<SendOutcome> {
    const { items, hourEnd } = sendItems(send, fanOutId);
    // The same token on every retry: a transaction that committed but whose answer was lost
    // answers success to its retry instead of failing its own conditions.
    const token = randomUUID();
    const sent = {
      result: 'sent',
      fanOut: { year: send.announcement.year, id: fanOutId },
    } as const;
    try {
      await client.send(
        new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }),
      );
      return sent;
    } catch (error) {
      const codes = cancellationCodes(error);
      const failed = (index: number) => codes[index] === 'ConditionalCheckFailed';
      // The announcement's new id is there: this very transaction committed, its answer was lost.
      if (failed(0)) return sent;
      const { requestHash, announcement, body } = conditionFailureItem(error, 5) ?? {};
      if (failed(5) && requestHash) {
        return {
          result: 'replay',
          requestHash: String(requestHash),
          announcement: JSON.parse(String(announcement ?? body)) as Announcement,
        };
      }
      if (failed(1)) {
        const guard = conditionFailureItem(error, 1);
        return {
          result: 'duplicate',
          announcementId: String(guard?.announcementId ?? ''),
          sentAt: String(guard?.sentAt ?? ''),
        };
      }
      if (failed(2)) {
        const wait = Math.ceil((hourEnd - send.now.getTime()) / 1000);
        return { result: 'rate-limited', retryAfterSeconds: Math.max(1, wait) };
      }
      throw error;
    }
  }

  async function get(year: number, id: string): Promise<Announcement | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: key(year, id) }),
    );
    return Item && fromItem(Item);
  }

  async function list(year: number): Promise<Announcement[]> {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': announcementsPk(year),
          ':prefix': ANNOUNCEMENT_ID_PREFIX,
        },
        ScanIndexForward: false,
      }),
    );
    return (Items ?? []).map(fromItem);
  }

  /**
   * Takes the fan-out for expanding: undefined when it is done, or being expanded by another
   * whose lease has not run out. The same owner takes its own claim again (a retry after a fault).
   */
  async function claimFanOut(
    year: number,
    id: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<FanOut | undefined> {
    const { Attributes } = await unlessConditionFails(
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: fanOutKey(year, id),
          UpdateExpression:
            'SET #state = :sending, leaseUntil = :until, #owner = :owner, attempts = attempts + :one',
          ConditionExpression:
            'entity = :fanOut AND (#state = :pending OR (#state = :sending AND (leaseUntil < :now OR #owner = :owner)))',
          ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':fanOut': 'mail-fanout',
            ':sending': 'sending',
            ':pending': 'pending',
            ':until': new Date(now.getTime() + leaseMs).toISOString(),
            ':now': now.toISOString(),
            ':owner': owner,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
      { Attributes: undefined },
    );
    return (
      Attributes && {
        id,
        year,
        announcementId: String(Attributes.announcementId ?? ''),
        audience: Attributes.audience as AnnouncementAudience,
        ...(typeof Attributes.cursor === 'string' ? { cursor: Attributes.cursor } : {}),
        queued: Number(Attributes.queued ?? 0),
        // A release's schedule notice (schedule-notices.ts) rides the same fan-out.
        ...(typeof Attributes.schedule === 'string'
          ? { schedule: JSON.parse(Attributes.schedule) }
          : {}),
      }
    );
  }

  /**
   * Queues one chunk's copies and moves the cursor past them, in one transaction; the last chunk
   * settles the fan-out and records the announcement's recipients. The copies it queued, or
   * 'lost': the cursor moved or the claim is someone else's now (they go on from where it is).
   */
  async function queueChunk(fanOut: FanOut, chunk: FanOutChunk): Promise<QueuedMail[] | 'lost'> {
    const { year } = fanOut;
    const last = chunk.to === null;
    // Every recipient of the chunk counts, whether its copy is new or was there already.
    const total = fanOut.queued + chunk.mails.length;
    const cursorUpdate = {
      Update: {
        TableName: tableName,
        Key: fanOutKey(year, fanOut.id),
        UpdateExpression: last
          ? 'SET #state = :sent, settledAt = :now, queued = :total REMOVE leaseUntil, #owner, #cursor'
          : 'SET #cursor = :to, queued = :total, leaseUntil = :until',
        ConditionExpression: `#state = :sending AND #owner = :owner AND ${
          chunk.from === undefined ? 'attribute_not_exists(#cursor)' : '#cursor = :from'
        }`,
        ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner', '#cursor': 'cursor' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':owner': chunk.owner,
          ':total': total,
          ...(chunk.from === undefined ? {} : { ':from': chunk.from }),
          ...(last
            ? { ':sent': 'sent', ':now': chunk.now.toISOString() }
            : { ':to': chunk.to, ':until': chunk.leaseUntil.toISOString() }),
        },
      },
    };
    const recipients = {
      Update: {
        TableName: tableName,
        Key: key(year, fanOut.announcementId),
        UpdateExpression: 'SET recipients = :total',
        ExpressionAttributeValues: { ':total': total },
      },
    };
    const fixed = last && !fanOut.schedule ? [cursorUpdate, recipients] : [cursorUpdate];
    let mails = chunk.mails;
    for (;;) {
      const items = [...fixed, ...mails.map((mail) => mailPutItem(tableName, mail))];
      // One token for the retries of this transaction: a commit whose answer was lost is a success.
      const token = randomUUID();
      try {
        await client.send(
          new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }),
        );
        return mails;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes[0] === 'ConditionalCheckFailed') return 'lost';
        // A copy that is there already (queued by an earlier version): the others go without it.
        const present = new Set(
          mails
            .filter((_, index) => codes[fixed.length + index] === 'ConditionalCheckFailed')
            .map((mail) => mail.id),
        );
        if (present.size === 0) throw error;
        mails = mails.filter((mail) => !present.has(mail.id));
      }
    }
  }

  /** Gives the fan-out back after a fault, for the next attempt to go on from its cursor. */
  async function releaseFanOut(year: number, id: string, owner: string): Promise<void> {
    // Taken over or finished meanwhile: nothing of ours to give back.
    await unlessConditionFails(
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: fanOutKey(year, id),
          UpdateExpression: 'SET #state = :pending REMOVE leaseUntil, #owner',
          ConditionExpression: '#state = :sending AND #owner = :owner',
          ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':sending': 'sending',
            ':owner': owner,
          },
        }),
      ),
      undefined,
    );
  }

  return { send, get, list, claimFanOut, queueChunk, releaseFanOut };
}
