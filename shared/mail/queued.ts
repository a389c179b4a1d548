import type { MovedTalk, ScheduleNotice } from '../draft/schedule-notice.ts';
import { monotonicUlid } from '../ulid.ts';
import type { OrganizerNotice } from './organizer-notice.ts';

/**
 * A message to an attendee, as the outbox holds it until it is sent: what to write and to whom,
 * not yet rendered. It is written in the same DynamoDB transaction as the change that causes it,
 * so a registration never exists without its message; its id is the message's identity for
 * delivery (one send per id).
 */

const MAIL_KINDS = [
  'confirmed',
  'waitlisted',
  'promoted',
  'cancelled',
  'reminder',
  'announcement',
  'organizer-notice',
  'join-link-changed',
  'schedule-changed',
  'submission-received',
  'submission-decided',
  'talk-changed',
] as const;

export type MailKind = (typeof MAIL_KINDS)[number];

export interface Addressee {
  name: string;
  email: string;
}

export interface QueuedMail {
  id: string;
  year: number;
  kind: MailKind;
  registrationId: string;
  queuedAt: string;
  /** The exact position a waitlisted person was given (the same as in the 201). */
  waitlistPosition?: number;
  /**
   * The address, only where the same change erases it from the registration (a cancellation);
   * every other message reads it from the registration when it is sent.
   */
  to?: Addressee;
  /** The organizer announcement this message carries. */
  announcementId?: string;
  /** To the organizers' list (kind organizer-notice): what it tells them, already written. */
  notice?: OrganizerNotice;
  /** What a release moved (kind schedule-changed), and the release: its calendar's SEQUENCE. */
  schedule?: { release: number; notice: ScheduleNotice };
  /**
   * A message about a submission to the call for papers (its `registrationId` is empty): which
   * one, and which of its speakers it goes to; the address is read from the submission when sent.
   */
  submissionId?: string;
  speakerIndex?: number;
  /** What a release moved of a confirmed submission's talk (kind talk-changed), to its speakers. */
  talk?: MovedTalk;
}

type Details = Pick<
  QueuedMail,
  'waitlistPosition' | 'to' | 'announcementId' | 'notice' | 'schedule'
>;

export function queuedMail(
  kind: MailKind,
  year: number,
  registrationId: string,
  now: Date,
  details: Details = {},
): QueuedMail {
  return {
    id: `mail_${monotonicUlid(now)}`,
    year,
    kind,
    registrationId,
    queuedAt: now.toISOString(),
    ...details,
  };
}

/** A message to one speaker of a submission (shared/cfp): no registration is involved. */
export function submissionMail(
  kind: Extract<MailKind, `submission-${string}` | 'talk-changed'>,
  year: number,
  submissionId: string,
  speakerIndex: number,
  now: Date,
): QueuedMail {
  return { ...queuedMail(kind, year, '', now), submissionId, speakerIndex };
}

/** One message per release that moved a confirmed talk, its submission and speaker. */
export const talkChangedMailId = (release: number, submissionId: string, speakerIndex: number) =>
  `mail_talk_${release}_${submissionId}_${speakerIndex}`;

/**
 * One reminder per registration, one copy of an announcement per recipient, one new join link
 * per release and recipient: their ids are
 * derived, so that writing them again (a retry, a second scheduler run) finds them already there.
 */
export const reminderMailId = (registrationId: string) => `mail_reminder_${registrationId}`;
export const announcementMailId = (announcementId: string, registrationId: string) =>
  `mail_${announcementId}_${registrationId}`;
/** One message per release that changed the join URL and confirmed registrant. */
export const joinLinkMailId = (release: number, registrationId: string) =>
  `mail_join_${release}_${registrationId}`;
/** One message per release that moved the schedule and registrant (schedule-notice fan-out). */
export const scheduleMailId = (release: number, registrationId: string) =>
  `mail_schedule_${release}_${registrationId}`;

/**
 * An announcement's fan-out: the one outbox item the announcement's request writes, which the
 * mail side expands into one copy per recipient (ids by `announcementMailId`). Its id is derived
 * from the announcement's, and no message id starts like it.
 */
const FAN_OUT_PREFIX = 'fanout_';
export const announcementFanOutId = (announcementId: string) =>
  `${FAN_OUT_PREFIX}${announcementId}`;
export const isAnnouncementFanOut = (outboxId: string) => outboxId.startsWith(FAN_OUT_PREFIX);
/**
 * A release's schedule notice goes the same way: one fan-out item, expanded into one copy per
 * confirmed and waiting registrant (ids by `scheduleMailId`).
 */
export const scheduleFanOutId = (release: number) => `${FAN_OUT_PREFIX}schedule_${release}`;

export type AnnouncementAudience = 'confirmed' | 'confirmed-and-waitlisted';

/** An announcement's fan-out as its expansion finds it: where to go on from. */
export interface FanOut {
  id: string;
  year: number;
  announcementId: string;
  audience: AnnouncementAudience;
  /** The last registration id covered; absent before the first chunk. */
  cursor?: string;
  /** Recipients queued so far. */
  queued: number;
  /** Present on a release's schedule notice: its copies carry it (kind schedule-changed). */
  schedule?: { release: number; notice: ScheduleNotice };
}
