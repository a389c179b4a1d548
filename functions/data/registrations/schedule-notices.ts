import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduleNotice } from '#shared/draft/schedule-notice.ts';
import {
  type QueuedMail,
  scheduleFanOutId,
  submissionMail,
  talkChangedMailId,
} from '#shared/mail/queued.ts';
import { type AuditEntry, auditItem } from '../editions/agenda-store.ts';
import { fanOutPutItem, type MailSink, mailPutItem } from '../mail/mail-outbox.ts';
import type { ReviewStore } from '../submissions/review-store.ts';
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
 * | speaker's message | MAIL#<year>  | mail_talk_<n>_<submission>_<speaker> | a confirmed talk it moved (talk-changed) |
 *
 * | access pattern                | operation                                                 |
 * |-------------------------------|-----------------------------------------------------------|
 * | a release that moved the schedule | Put the notice in the release's transaction (agenda-store createRelease) |
 * | queue it once published       | TransactWriteItems: Put the fan-out (absent), Delete the notice, Put its audit entry, Put one message per speaker of a confirmed talk it moved (absent) |
 * | the confirmed talks           | Query SUBMISSIONS#<year> begins_with SUB#, status confirmed (review-store listSubmissions) |
 * | an interrupted release's      | GetItem NOTICE#<year> / REL#<latest> (consistent)         |
 */

export type ScheduleNotices = ReturnType<typeof createScheduleNotices>;

/** The most items DynamoDB takes in one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;

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
     * entry when given and the speakers' messages (one transaction); a fan-out that is there
     * already (an earlier attempt whose answer was lost, its entry written) is left as it is.
     * Speakers' messages past what one transaction holds are put first, each once: a notice
     * still there after a crash queues them again under the same ids. Answers what was queued.
     */
    async queue(
      year: number,
      release: number,
      notice: ScheduleNotice,
      now: Date,
      audit?: AuditEntry,
      speakerMails: readonly QueuedMail[] = [],
    ) {
      const id = scheduleFanOutId(release);
      const fanOut = fanOutPutItem(
        tableName,
        { year, id, audience: 'confirmed-and-waitlisted', now },
        { schedule: JSON.stringify({ release, notice }) },
      );
      const done = { Delete: { TableName: tableName, Key: key(year, release) } };
      const companions = [
        fanOut,
        done,
        ...(audit ? [{ Put: { TableName: tableName, Item: auditItem(year, audit) } }] : []),
      ];
      const room = TRANSACTION_ITEMS - companions.length;
      for (const mail of speakerMails.slice(room)) {
        try {
          await client.send(new PutCommand(mailPutItem(tableName, mail).Put));
        } catch (error) {
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) {
            throw error;
          }
        }
      }
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...companions,
              ...speakerMails.slice(0, room).map((mail) => mailPutItem(tableName, mail)),
            ],
          }),
        );
      } catch (error) {
        if (cancellationCodes(error)[0] !== 'ConditionalCheckFailed') throw error;
        await client.send(new DeleteCommand(done.Delete));
      }
      return [{ year, id }, ...speakerMails];
    },
  };
}

export interface ScheduleNoticeDependencies {
  scheduleNotices: Pick<ScheduleNotices, 'queue' | 'unqueued'>;
  registrations: Pick<RegistrationStore, 'getSeatCounter'>;
  /** Where the confirmed talks' speakers are found (their submissions). */
  submissionReviews: Pick<ReviewStore, 'listSubmissions'>;
  mails: MailSink;
}

/** What a release's answer says was queued: registrants, and speakers of the talks it moved. */
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
  const speakerMails = await talkChangedMails(dependencies, year, release, notice, now);
  const outcome = {
    registrants: (counter?.confirmed ?? 0) + (counter?.waitlisted ?? 0),
    speakers: speakerMails.length,
  };
  dependencies.mails.committed(
    await dependencies.scheduleNotices.queue(
      year,
      release,
      notice,
      now,
      audit?.(outcome),
      speakerMails,
    ),
  );
  return outcome;
}

/** The confirmed submissions, every page of them. */
async function confirmedSubmissions(
  submissions: ScheduleNoticeDependencies['submissionReviews'],
  year: number,
) {
  const found: Awaited<ReturnType<typeof submissions.listSubmissions>>['items'] = [];
  let after: string | undefined;
  do {
    const page = await submissions.listSubmissions(
      year,
      { status: 'confirmed' },
      { limit: 100, ...(after ? { after } : {}) },
    );
    found.push(...page.items);
    after = page.last ?? undefined;
  } while (after);
  return found;
}

/**
 * One message to each speaker of a confirmed submission whose talk the notice moved, its id
 * derived from the release, the submission and the speaker: queued again, nobody gets two.
 */
async function talkChangedMails(
  dependencies: ScheduleNoticeDependencies,
  year: number,
  release: number,
  notice: ScheduleNotice,
  now: Date,
): Promise<QueuedMail[]> {
  if (notice.moved.length === 0) return [];
  const moved = new Map(notice.moved.map((talk) => [talk.id, talk]));
  const mails: QueuedMail[] = [];
  for (const submission of await confirmedSubmissions(dependencies.submissionReviews, year)) {
    const talk = submission.talkId === undefined ? undefined : moved.get(submission.talkId);
    if (!talk) continue;
    submission.speakers.forEach((_speaker, index) => {
      mails.push({
        ...submissionMail('talk-changed', year, submission.id, index, now),
        id: talkChangedMailId(release, submission.id, index),
        talk,
      });
    });
  }
  return mails;
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
