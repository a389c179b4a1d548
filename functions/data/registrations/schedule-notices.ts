import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduleNotice } from '#shared/draft/schedule-notice.ts';
import { scheduleFanOutId } from '#shared/mail/queued.ts';
import type { TableAccess } from '../client.ts';
import { mailPk, releaseSk, scheduleNoticesPk } from '../keys.ts';
import type { MailState } from '../mail-outbox.ts';
import { eventExpiry } from '../outbox.ts';
import { cancellationCodes, withRetries } from '../retry.ts';

/**
 * A release's schedule notice: what it moved, for every confirmed and waiting registrant. The
 * release writes the notice in its own transaction (`noticeCompanion`), so no release that moved
 * anything exists without it. Once the release is published (and its join URLs stored: the
 * copies are written from them), the notice becomes one fan-out item in the mail outbox, which
 * the mail side expands in sealed chunks as an announcement's (notifications/announcement-fanout.ts),
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
 * | queue it once published       | TransactWriteItems: Put the fan-out (absent), Delete the notice |
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
      const { Item } = await withRetries(() =>
        client.send(
          new GetCommand({ TableName: tableName, Key: key(year, release), ConsistentRead: true }),
        ),
      );
      return Item ? (JSON.parse(String(Item.notice)) as ScheduleNotice) : undefined;
    },

    /**
     * Makes the notice of `release` a fan-out in the mail outbox and deletes it; a fan-out that is
     * there already (an earlier attempt whose answer was lost) is left as it is. Answers its id.
     */
    async queue(year: number, release: number, notice: ScheduleNotice, now: Date) {
      const id = scheduleFanOutId(release);
      const fanOut = {
        Put: {
          TableName: tableName,
          Item: {
            pk: mailPk(year),
            sk: id,
            entity: 'mail-fanout',
            id,
            year,
            audience: 'confirmed-and-waitlisted',
            schedule: JSON.stringify({ release, notice }),
            queuedAt: now.toISOString(),
            queued: 0,
            state: 'pending' satisfies MailState,
            attempts: 0,
            expiresAt: eventExpiry(now),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      const done = { Delete: { TableName: tableName, Key: key(year, release) } };
      try {
        await withRetries(() =>
          client.send(new TransactWriteCommand({ TransactItems: [fanOut, done] })),
        );
      } catch (error) {
        if (cancellationCodes(error)[0] !== 'ConditionalCheckFailed') throw error;
        await withRetries(() => client.send(new DeleteCommand(done.Delete)));
      }
      return { year, id };
    },
  };
}
