import type { AuditEntry } from '#functions/data/editions/agenda-store.ts';
import {
  MAX_STORED_AGENDA_BYTES,
  type StoredAgenda,
} from '#functions/data/editions/edition-head.ts';
import type { PublishResult } from '#functions/data/editions/edition-store.ts';
import { reconcileLiveLayer } from '#functions/data/editions/live-store.ts';
import type { Release } from '#functions/data/editions/release-history.ts';
import { releasedAgendaBody } from '#functions/data/editions/stored-agenda.ts';
import type { Stores } from '#functions/data/stores.ts';
import type { PublicCache } from '#functions/edge/public-cache.ts';
import { compress } from '#functions/http/rendered.ts';
import type { DroppedDelay } from '#shared/agenda/delay-slots.ts';
import type { ScheduleNotice } from '#shared/draft/schedule-notice.ts';
import { type PublishedEdition, publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { newEvent, type WebhookEvent } from '#shared/events.ts';

/**
 * One release, in two parts, whether organizers make it (POST …/agenda/releases) or a deploy of
 * the edition file does (publish.ts).
 *
 * Its commit is one DynamoDB transaction: the release, the edition head naming it and its version
 * with the agenda rendered for it (editions/edition-head.ts, stored-agenda.ts), its schedule notice when it moves the workshop, and, for a release
 * through the API, its `release.published` event (the outbox) and its audit entry. All of them
 * are written, or none.
 *
 * What follows is idempotent, and a process may stop anywhere in it: publishing the edition (its
 * items, the speakers' appearances, the snapshot, the seat counter's capacity and window, seats
 * for the waiting list), reconciling the live layer, the join URLs (organizers/join-link.ts),
 * queueing the notice, telling the front door's cache; then the head marks the release
 * completed. Until then the public read path serves the release from its item
 * (published-editions.ts), and the next release attempt (a retry answered as the release), or
 * the next deploy for a release of the file, finishes the steps first (`unfinishedRelease`).
 */

export type ReleaseStores = Pick<
  Stores,
  | 'editions'
  | 'heads'
  | 'registrations'
  | 'agenda'
  | 'live'
  | 'events'
  | 'webhooks'
  | 'scheduleNotices'
  | 'submissionReviews'
  | 'mails'
>;

/** What a release's transaction writes besides the release and the head. */
export interface ReleaseRecords {
  /** What it moved, for the people who come (registrations/schedule-notices.ts). */
  notice: ScheduleNotice | null;
  /** A release through the API: its audit entry, written with its `release.published` event. */
  audit?: (number: number) => AuditEntry;
  /** The release its source was made from: one made since fails the commit (DraftChangedError). */
  after?: number;
}

/**
 * The agenda as a public function answers it for this edition, in the brotli form it would make
 * (http/rendered.ts), to store with the head (data/editions/stored-agenda.ts); none when too big.
 */
export function agendaToStore(edition: PublishedEdition): StoredAgenda | undefined {
  const br = compress(new TextEncoder().encode(releasedAgendaBody(edition)), 'br');
  if (br.byteLength > MAX_STORED_AGENDA_BYTES) return undefined;
  return { version: edition.details.version, br };
}

/** Numbers and writes the release with its records, in one transaction. */
export async function commitRelease(
  stores: ReleaseStores,
  year: number,
  release: Omit<Release, 'number'>,
  records: ReleaseRecords,
): Promise<Release> {
  const published = publishEdition(release.source);
  const { version } = published.details;
  // Rendered once here, so that a fresh public process answers the agenda with no rendering.
  const agenda = agendaToStore(published);
  // A head written for the first time takes the live layer's version (a table from before the
  // head kept it on the seat counter); one that exists keeps its own.
  const { version: liveVersion } = await stores.live.getLive(year, { consistent: true });
  const { audit, notice } = records;
  let events: WebhookEvent[] = [];
  const committed = await stores.agenda.createRelease(
    year,
    release,
    (number) => {
      const at = new Date(release.releasedAt);
      const data = { release: number, name: release.name };
      events = audit ? [newEvent('release.published', year, data, at)] : [];
      return [
        stores.heads.releaseCompanion(year, { number, version, liveVersion, agenda }),
        ...(notice ? [stores.scheduleNotices.noticeCompanion(year, number, notice)] : []),
        ...events.map((event) => stores.webhooks.eventCompanion(event)),
        ...(audit ? [stores.agenda.auditCompanion(year, audit(number))] : []),
      ];
    },
    records.after,
  );
  stores.events.committed(events);
  return committed;
}

export interface PublishedSource extends PublishResult {
  /** Waiting registrants who got a seat the release's capacity freed. */
  promoted: number;
}

/**
 * Makes a source the public edition: its agenda items (only what changed), the edition as one
 * document (read by public functions on first use), its seat counter (capacity and window set,
 * the counts kept), and, when the capacity grew, seats for the waiting list. Each step writes
 * what differs from what is stored, so publishing again completes one cut short. `seats: false`
 * leaves the seat counter alone: for a release that keeps the registration settings of the one
 * before it (a speaker's materials), made by a function that may read no registrant partition.
 */
export async function publishSource(
  stores: Pick<Stores, 'editions' | 'registrations'>,
  source: EditionSource,
  now: Date,
  { seats = true }: { seats?: boolean } = {},
): Promise<PublishedSource> {
  const published = publishEdition(source);
  const result = await stores.editions.publish(published);
  await stores.editions.putSnapshot(published);
  if (!seats) return { ...result, promoted: 0 };
  const registration = source.registration;
  await stores.registrations.ensureSeatCounter(source.year, {
    capacity: registration?.capacity ?? 0,
    ...(registration ? { opensAt: registration.opensAt, closesAt: registration.closesAt } : {}),
  });
  if (!registration) return { ...result, promoted: 0 };
  const promoted = await stores.registrations.fillFreeSeats(source.year, now);
  return { ...result, promoted };
}

export interface PublishedRelease extends PublishedSource {
  /** The live delays the release dropped with their slots. */
  liveDelaysDropped: DroppedDelay[];
}

/**
 * The release becomes the public edition, and the live layer drops the delays it leaves without
 * their slots (`previous`: the release before it). Done again, it writes what is still missing.
 */
export async function publishRelease(
  stores: ReleaseStores,
  release: Release,
  previous: EditionSource | undefined,
  now: Date,
  options: { seats?: boolean } = {},
): Promise<PublishedRelease> {
  const { year } = release.source;
  const published = await publishSource(stores, release.source, now, options);
  const liveDelaysDropped = await reconcileLiveLayer(
    stores,
    year,
    { before: previous, after: release.source },
    {
      number: release.number,
      ...(release.origin === 'file' ? {} : { name: release.name }),
      who: release.releasedBy,
      at: now,
    },
  );
  return { ...published, liveDelaysDropped };
}

/** The last step: the front door drops the edition's answers, the head marks the release done. */
export async function closeRelease(
  stores: Pick<ReleaseStores, 'heads'>,
  publicCache: PublicCache,
  year: number,
  release: number,
): Promise<void> {
  await publicCache.invalidateEdition(year, release);
  await stores.heads.complete(year, release);
}

/** The release the head names when its steps did not all run (a process stopped between them). */
export async function unfinishedRelease(
  stores: Pick<ReleaseStores, 'heads' | 'agenda'>,
  year: number,
): Promise<{ release: Release; previous: EditionSource | undefined } | undefined> {
  const head = await stores.heads.getHead(year, true);
  if (head?.release === undefined || (head.completed ?? 0) >= head.release) return undefined;
  const [latest, previous] = await Promise.all([
    stores.agenda.latestRelease(year),
    head.release > 1 ? stores.agenda.getRelease(year, head.release - 1) : undefined,
  ]);
  if (!latest || latest.number !== head.release) return undefined;
  return { release: latest, previous: previous?.source };
}
