import type { Release } from '#functions/data/agenda-store.ts';
import type { MailSink } from '#functions/data/mail-outbox.ts';
import type { RegistrationStore } from '#functions/data/registration-store.ts';
import type { ScheduleNotices } from '#functions/data/registrations/schedule-notices.ts';
import { log } from '#functions/log.ts';
import { type ScheduleNotice, scheduleNotice } from '#shared/draft/schedule-notice.ts';
import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';

/**
 * People are told when their workshop changes: a release that moves a talk's day or time, its
 * place, or switches between in person and online mails each confirmed and waiting registrant
 * one summary (shared/mail/schedule-change.ts). The notice is computed here, from the release
 * before and the draft, written in the release's transaction, and queued once the release is
 * published (functions/data/registrations/schedule-notices.ts); organizers opt out per release
 * with `notify: false`.
 */

export interface ScheduleNoticeDependencies {
  scheduleNotices: Pick<ScheduleNotices, 'queue' | 'unqueued'>;
  registrations: Pick<RegistrationStore, 'getSeatCounter'>;
  mails: MailSink;
}

/** What the release's answer says was queued: speakers have no address on file. */
export interface NoticeOutcome {
  registrants: number;
  speakers: number;
}

export const NOBODY_NOTIFIED: NoticeOutcome = { registrants: 0, speakers: 0 };

/** The notice a release of `source` over `latest` calls for; null when it moves nothing. */
export function noticeFor(
  latest: Release | undefined,
  source: EditionSource,
  notify: boolean,
): ScheduleNotice | null {
  if (!notify || !latest) return null;
  return scheduleNotice(publishEdition(latest.source), publishEdition(source));
}

async function queue(
  dependencies: ScheduleNoticeDependencies,
  year: number,
  release: number,
  notice: ScheduleNotice,
  now: Date,
) {
  const fanOut = await dependencies.scheduleNotices.queue(year, release, notice, now);
  dependencies.mails.committed([fanOut]);
}

/**
 * Queues the notice of a published release (its intent was written with it), and answers how
 * many it goes to: the confirmed and waiting registrants now (the copies are written in chunks
 * right after, to whoever is confirmed or waiting when their chunk is read).
 */
export async function queueScheduleNotice(
  dependencies: ScheduleNoticeDependencies,
  year: number,
  release: number,
  notice: ScheduleNotice,
  now: Date,
): Promise<NoticeOutcome> {
  const counter = await dependencies.registrations.getSeatCounter(year, true);
  await queue(dependencies, year, release, notice, now);
  const registrants = (counter?.confirmed ?? 0) + (counter?.waitlisted ?? 0);
  log.info('schedule notice queued', { year, release, registrants, moved: notice.moved.length });
  return { registrants, speakers: 0 };
}

/** Queues the notice of the latest release if it was interrupted before doing so. */
export async function finishScheduleNotice(
  dependencies: ScheduleNoticeDependencies,
  year: number,
  latest: number | undefined,
  now: Date,
): Promise<void> {
  if (latest === undefined) return;
  const notice = await dependencies.scheduleNotices.unqueued(year, latest);
  if (notice) await queue(dependencies, year, latest, notice, now);
}
