import { randomUUID } from 'node:crypto';
import type { AnnouncementStore } from '#functions/data/mail/announcement-store.ts';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { log } from '#functions/log.ts';
import {
  announcementMailId,
  type FanOut,
  type QueuedMail,
  queuedMail,
  scheduleMailId,
} from '#shared/mail/queued.ts';
import type { DeliveryResult } from './delivery.ts';

/**
 * The mail side of an announcement: its request wrote one fan-out item to the outbox, and this
 * expands it into one message per recipient. Registrations are read a page at a time in
 * creation order; each page's copies (ids derived from the announcement's and the
 * registration's: announcementMailId) are queued in one transaction with the fan-out's cursor,
 * so a chunk is queued whole or not at all. Interrupted, the expansion lets the fan-out go, and
 * the next attempt goes on after the last chunk; two expansions at once cannot both queue a
 * chunk (the cursor is their condition). The last chunk settles the fan-out and records on the
 * announcement how many it went to. Whoever is confirmed (or waiting, when the announcement
 * says so) when their page is read gets it: the recipients are fixed by the expansion, not the
 * request. The local mail dispatcher and, in AWS, the mail sender run it (isAnnouncementFanOut
 * tells its id from a message's).
 */

/**
 * One recipient's copy: of the announcement, or of a release's schedule notice (the fan-out
 * written with the release, functions/data/registrations/schedule-notices.ts), which goes the
 * same way to the confirmed and the waiting list.
 */
function copyOf(fanOut: FanOut, registrationId: string, now: Date): QueuedMail {
  const { year, schedule, announcementId } = fanOut;
  if (schedule) {
    return {
      ...queuedMail('schedule-changed', year, registrationId, now, { schedule }),
      id: scheduleMailId(schedule.release, registrationId),
    };
  }
  return {
    ...queuedMail('announcement', year, registrationId, now, { announcementId }),
    id: announcementMailId(announcementId, registrationId),
  };
}

/** Registrations read per chunk: a chunk's transaction holds its copies and two updates. */
const FAN_OUT_CHUNK = 50;
/** How long a claim on the fan-out holds; each chunk extends it. */
const FAN_OUT_LEASE_MS = 60_000;

export interface AnnouncementFanOutDependencies {
  announcements: Pick<AnnouncementStore, 'claimFanOut' | 'queueChunk' | 'releaseFanOut'>;
  registrations: Pick<RegistrationStore, 'listRegistrations'>;
  /** Told of each chunk's copies (the local dispatcher sends them); in AWS, the stream. */
  mails: MailSink;
  clock: () => Date;
  /** Who claims: the same owner takes its own claim again after a fault. One per process. */
  owner?: string;
  chunkSize?: number;
}

const processOwner = randomUUID();

/**
 * Expands the fan-out `fanOutId`: 'sent' once every copy is queued, 'retry' after a fault (the
 * next attempt goes on from the cursor), 'not-claimed' when it is done or someone else has it.
 */
export async function expandAnnouncement(
  year: number,
  fanOutId: string,
  dependencies: AnnouncementFanOutDependencies | undefined,
): Promise<DeliveryResult> {
  if (!dependencies) {
    log.warn('announcement fan-out left for a dispatcher that can expand it', {
      edition: year,
      mail: fanOutId,
    });
    return 'not-claimed';
  }
  const { announcements, registrations, mails, clock } = dependencies;
  const owner = dependencies.owner ?? processOwner;
  const limit = dependencies.chunkSize ?? FAN_OUT_CHUNK;
  const claim = () => announcements.claimFanOut(year, fanOutId, owner, clock(), FAN_OUT_LEASE_MS);
  let fanOut = await claim();
  if (!fanOut) return 'not-claimed';
  const fields = {
    edition: year,
    mail: fanOutId,
    ...(fanOut.schedule
      ? { release: fanOut.schedule.release }
      : { announcement: fanOut.announcementId }),
  };
  const wanted = new Set(
    fanOut.audience === 'confirmed-and-waitlisted' ? ['confirmed', 'waitlisted'] : ['confirmed'],
  );
  // The copies of the chunk being written: it may have committed though no answer said so.
  let inFlight: QueuedMail[] = [];
  try {
    for (;;) {
      const current = fanOut;
      const { cursor } = current;
      const page = await registrations.listRegistrations(year, {
        limit,
        ...(cursor === undefined ? {} : { after: cursor }),
      });
      const now = clock();
      const copies: QueuedMail[] = page.items
        .filter((registration) => wanted.has(registration.status))
        .map((registration) => copyOf(current, registration.id, now));
      inFlight = copies;
      const queued = await announcements.queueChunk(fanOut, {
        from: cursor,
        to: page.last,
        mails: copies,
        owner,
        leaseUntil: new Date(now.getTime() + FAN_OUT_LEASE_MS),
        now,
      });
      if (queued === 'lost') {
        // The cursor moved: this chunk committed though its answer was lost, or another
        // expansion holds the fan-out now. The fan-out, if still ours, goes on from there.
        mails.committed(copies);
        const again = await claim();
        if (!again) return 'not-claimed';
        fanOut = again;
        continue;
      }
      inFlight = [];
      mails.committed(queued);
      if (page.last === null) {
        log.info('announcement queued', { ...fields, recipients: fanOut.queued + copies.length });
        return 'sent';
      }
      fanOut = { ...fanOut, cursor: page.last, queued: fanOut.queued + copies.length };
    }
  } catch (error) {
    log.warn('announcement fan-out interrupted', {
      ...fields,
      queued: fanOut.queued,
      error: error instanceof Error ? error.name : 'unknown',
    });
    // Telling of copies that may not exist costs nothing: a message is claimed before it is sent.
    mails.committed(inFlight);
    // The next attempt goes on from the cursor; if this fails too, our claim runs out.
    await announcements.releaseFanOut(year, fanOutId, owner).catch(() => undefined);
    return 'retry';
  }
}
