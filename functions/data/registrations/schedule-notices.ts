import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduleNotice } from '#shared/draft/schedule-notice.ts';
import { scheduleFanOutId } from '#shared/mail/queued.ts';
import { type AuditEntry, auditItem } from '../editions/agenda-store.ts';
import { fanOutPutItem, type MailSink } from '../mail/mail-outbox.ts';
import type { TableAccess } from '../table/client.ts';
import { releaseSk, scheduleNoticesPk } from '../table/keys.ts';
import { cancellationCodes } from '../table/retry.ts';
import type { RegistrationStore } from './registration-store.ts';

/**
 * A release's schedule notice: what it moved, for every confirmed and waiting registrant. The
 * release writes the notice in its own transaction (`noticeCompanion`), so no release that moved
 * anything exists without it. Once the release is published (and its join URLs stored: the
 * copies are written from them), the notice becomes one fan-out item in the mail outbox, which
 * the mail side expands in sealed chunks as an announcement's (mail/announcement-fanout.ts),
 * each copy's id derived from the release and the registration: queued again, nobody gets two.
 * A release interrupted in between leaves the notice; the next release attempt queues it first.
 *
 * | entity           | pk            | sk                   |                                  |
 * |------------------|---------------|----------------------|----------------------------------|
 * | notice to queue  | NOTICE#<year> | REL#<number>         | the notice; deleted once queued  |
 * | fan-out          | MAIL#<year>   | fanout_schedule_<n>  | audience, schedule, cursor; the outbox's states |
 *
 * | access pattern                | operation                                                 |
 * |-------------------------------|-----------------------------------------------------------|
 * | a release that moved the schedule | Put the notice in the release's transaction (agenda-store createRelease) |
 * | queue it once published       | TransactWriteItems: Put the fan-out (absent), Delete the notice, Put its audit entry |
 * | an interrupted release's      | GetItem NOTICE#<year> / REL#<latest> (consistent)         |
 */

export type ScheduleNotices = ReturnType<typeof createScheduleNotices>;

export function createScheduleNotices({ client, tableName }: TableAccess) {
  const key = (year: number, release: number) => ({
    pk: scheduleNoticesPk(year),
    sk: releaseSk(release),
  });

  return {
    /** The notice's item, to write in the release's transaction. */
    noticeCompanion(year: number, release: number, notice: ScheduleNotice) {
      return {
        Put: {
          TableName: tableName,
          Item: {
            ...key(year, release),
            entity: 'schedule-notice',
            release,
            notice: JSON.stringify(notice),
          },
        },
      };
    },

    /** The notice of `release` not queued yet, if any. */
    async unqueued(year: number, release: number): Promise<ScheduleNotice | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: key(year, release), ConsistentRead: true }),
      );
      return Item ? (JSON.parse(String(Item.notice)) as ScheduleNotice) : undefined;
    },

    /**
     * Makes the notice of `release` a fan-out in the mail outbox and deletes it, with its audit
     * entry when given (one transaction); a fan-out that is there already (an earlier attempt
     * whose answer was lost, its entry written) is left as it is. Answers its id.
     */
    async queue(
      year: number,
      release: number,
      notice: ScheduleNotice,
      now: Date,
      audit?: AuditEntry,
    ) {
      const id = scheduleFanOutId(release);
      const fanOut = fanOutPutItem(
        tableName,
        { year, id, audience: 'confirmed-and-waitlisted', now },
        { schedule: JSON.stringify({ release, notice }) },
      );
      const done = { Delete: { TableName: tableName, Key: key(year, release) } };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              fanOut,
              done,
              ...(audit ? [{ Put: { TableName: tableName, Item: auditItem(year, audit) } }] : []),
            ],
          }),
        );
      } catch (error) {
        if (cancellationCodes(error)[0] !== 'ConditionalCheckFailed') throw error;
        await client.send(new DeleteCommand(done.Delete));
      }
      return { year, id };
    },
  };
}

export interface ScheduleNoticeDependencies {
  scheduleNotices: Pick<ScheduleNotices, 'queue' | 'unqueued'>;
  registrations: Pick<RegistrationStore, 'getSeatCounter'>;
  mails: MailSink;
}

/** What a release's answer says was queued: speakers have no address on file. */
export interface NoticeOutcome {
  registrants: number;
  speakers: number;
}

export const NOBODY_NOTIFIED: NoticeOutcome = { registrants: 0, speakers: 0 };

/**
 * Queues the notice of a published release and answers how many it goes to: the confirmed and
 * waiting registrants now (the copies are written in chunks right after, to whoever is
 * confirmed or waiting when their chunk is read). `audit` makes the entry that says so, written
 * in the same transaction.
 */
export async function queueScheduleNotice(
  dependencies: ScheduleNoticeDependencies,
  year: number,
  release: number,
  notice: ScheduleNotice,
  now: Date,
  audit?: (outcome: NoticeOutcome) => AuditEntry,
): Promise<NoticeOutcome> {
  const counter = await dependencies.registrations.getSeatCounter(year, true);
  const outcome = {
    registrants: (counter?.confirmed ?? 0) + (counter?.waitlisted ?? 0),
    speakers: 0,
  };
  dependencies.mails.committed([
    await dependencies.scheduleNotices.queue(year, release, notice, now, audit?.(outcome)),
  ]);
  return outcome;
}

/** Queues the notice of `release` if a release or publish was interrupted before it did. */
export async function finishScheduleNotice(
  dependencies: ScheduleNoticeDependencies,
  year: number,
  release: number | undefined,
  now: Date,
): Promise<void> {
  if (release === undefined) return;
  const notice = await dependencies.scheduleNotices.unqueued(year, release);
  if (notice) await queueScheduleNotice(dependencies, year, release, notice, now);
}
