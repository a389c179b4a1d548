import { EVENTS_PREFIX, MAIL_PREFIX, ONLINE_ACCESS_PREFIX } from '#functions/contract.ts';

/** Key builders for the single table: pure, so that every access pattern names its keys here. */

// Editions (edition-store.ts).
export const CATALOG_PK = 'CATALOG';

export const editionPk = (year: number) => `EDITION#${year}`;
export const catalogSk = (year: number) => `EDITION#${year}`;
export const META_SK = 'META';
export const sessionSk = (sessionId: string) => `SESSION#${sessionId}`;
export const slotSk = (slotId: string) => `SLOT#${slotId}`;
export const speakerSk = (speakerId: string) => `SPEAKER#${speakerId}`;
/**
 * The edition's head, in its partition (edition-head.ts): the release it is, its version and the
 * live layer's, read by the public function once a second. Publish leaves it alone.
 */
export const HEAD_SK = 'HEAD';
/** The published edition as one document, written by each publish (edition-store.ts). */
export const snapshotPk = (year: number) => `SNAPSHOT#${year}`;
export const SNAPSHOT_SK = 'EDITION';
/** A person's appearances across editions: one partition per person, one item per edition. */
export const personPk = (personId: string) => `PERSON#${personId}`;
export const appearanceSk = (year: number) => `EDITION#${year}`;

// The private join URLs of an edition (online-access.ts): never in an edition partition.
export const onlineAccessPk = (year: number) => `${ONLINE_ACCESS_PREFIX}${year}`;
export const ONLINE_ACCESS_SK = 'ACCESS';
export const ONLINE_DRAFT_SK = 'DRAFT';
export const ONLINE_UNANNOUNCED_SK = 'UNANNOUNCED';

// Registrations (registration-store.ts and the modules it composes).
export const registrationsPk = (year: number) => `REG#${year}`;
/** The seat counter's sort key, stored as COUNTER. */
export const SEAT_COUNTER_SK = 'COUNTER';
/**
 * The seat counter's own partition: the public function reads it, and its role may read no
 * registrant partition (dynamodb:LeadingKeys). Before, it lived in REG#<year> (moved at publish).
 */
export const seatsPk = (year: number) => `SEATS#${year}`;
export const seatCounterKey = (year: number) => ({ pk: seatsPk(year), sk: SEAT_COUNTER_SK });
export const REGISTRATION_SK_PREFIX = 'REG#';
export const registrationSk = (registrationId: string) =>
  `${REGISTRATION_SK_PREFIX}${registrationId}`;
/** The registration id a registration's sort key names. */
export const registrationIdOf = (sk: string) => sk.slice(REGISTRATION_SK_PREFIX.length);
export const emailClaimSk = (emailKey: string) => `EMAIL#${emailKey}`;
export const WAITLIST_SK_PREFIX = 'WAIT#';
/** Digits of a waiting-list ticket: every safe integer fits, so that keys sort as numbers. */
const WAIT_TICKET_DIGITS = 16;
/** Tickets are taken in commit order (wait-tickets.ts): the waiting list sorts in that order. */
export const waitlistSk = (ticket: number) =>
  `${WAITLIST_SK_PREFIX}${String(ticket).padStart(WAIT_TICKET_DIGITS, '0')}`;
export const statusIndexPk = (year: number, status: string) => `REGSTATUS#${year}#${status}`;
export const idempotencyPk = (year: number, keyHash: string) => `IDEMPOTENCY#${year}#${keyHash}`;
export const IDEMPOTENCY_SK = 'IDEMPOTENCY';

// Organizer editing (agenda-store.ts).
export const draftPk = (year: number) => `DRAFT#${year}`;
export const DRAFT_SK = 'DRAFT';
export const releasesPk = (year: number) => `RELEASES#${year}`;
/** Four digits, so that releases sort by number. */
export const releaseSk = (number: number) => `REL#${String(number).padStart(4, '0')}`;
export const auditPk = (year: number) => `AUDIT#${year}`;

// The workshop day's live delays (live-store.ts).
export const livePk = (year: number) => `LIVE#${year}`;
export const LIVE_SK = 'LIVE';

// Webhooks (webhook-store.ts) and the outbox (webhooks/event-outbox.ts).
export const webhooksPk = (year: number) => `WEBHOOKS#${year}`;
export const deliveriesPk = (year: number, webhookId: string) => `DELIVERIES#${year}#${webhookId}`;
/** The table's stream is filtered to this prefix (contract.ts). */
export const eventsPk = (year: number) => `${EVENTS_PREFIX}${year}`;

// Attendee messages (mail-outbox.ts): the stream is filtered to this prefix too.
export const mailPk = (year: number) => `${MAIL_PREFIX}${year}`;
export const announcementsPk = (year: number) => `ANNOUNCE#${year}`;
export const remindersPk = (year: number) => `REMINDERS#${year}`;
export const REMINDERS_SK = 'QUEUED';

// A release's schedule notice until its fan-out is queued (registrations/schedule-notices.ts).
export const scheduleNoticesPk = (year: number) => `NOTICE#${year}`;

// The call for papers (data/submissions): submissions and their reviews in one private partition.
export const submissionsPk = (year: number) => `SUBMISSIONS#${year}`;
export const SUBMISSION_SK_PREFIX = 'SUB#';
export const submissionSk = (submissionId: string) => `${SUBMISSION_SK_PREFIX}${submissionId}`;
export const REVIEW_SK_PREFIX = 'REVIEW#';
/** A reviewer's review of a submission: Query begins_with REVIEW#<submission id># for them all. */
export const reviewSk = (submissionId: string, reviewerKey: string) =>
  `${REVIEW_SK_PREFIX}${submissionId}#${reviewerKey}`;
/** One submission per title and submitter: a repeat of the same post is a 409, not a copy. */
export const submissionClaimSk = (claimKey: string) => `SUBCLAIM#${claimKey}`;
/** A speaker's address (its HMAC) to their person id, for every edition: never the address. */
export const speakerEmailPk = (emailKey: string) => `SPEAKERMAIL#${emailKey}`;
export const SPEAKER_EMAIL_SK = 'PERSON';
