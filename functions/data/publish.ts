import { releaseNotice, type ScheduleNotice } from '#shared/draft/schedule-notice.ts';
import { joinUrlsChanged, onlineAccess, withoutOnlineUrls } from '#shared/edition/online.ts';
import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import type { PublishResult } from './edition-store.ts';
import { reconcileLiveLayer } from './live-store.ts';
import { queueScheduleNotice } from './registrations/schedule-notices.ts';
import type { Stores } from './stores.ts';

export interface PublishOutcome extends PublishResult {
  promoted: number;
  /** The release the public agenda now shows; null when the file was not published. */
  release: number | null;
}

/**
 * Makes a source the public edition: its agenda items (only what changed), the edition as one
 * document (read by public functions on first use), its seat counter
 * (version, capacity and window set, the counts kept), and, when the capacity grew, seats
 * for the waiting list.
 */
export async function publishSource(
  stores: Pick<Stores, 'editions' | 'registrations'>,
  source: EditionSource,
  now: Date,
): Promise<PublishResult & { promoted: number }> {
  const published = publishEdition(source);
  const result = await stores.editions.publish(published);
  // Before the seat counter: once it names the version, the document is there to read.
  await stores.editions.putSnapshot(published);
  const registration = source.registration;
  await stores.registrations.ensureSeatCounter(source.year, {
    version: published.details.version,
    capacity: registration?.capacity ?? 0,
    ...(registration ? { opensAt: registration.opensAt, closesAt: registration.closesAt } : {}),
  });
  if (!registration) return { ...result, promoted: 0 };
  const promoted = await stores.registrations.fillFreeSeats(source.year, now);
  return { ...result, promoted };
}

/**
 * Publishes an edition file (on deploy, or when the local server starts). The file's agenda is the
 * edition's first release, and later ones while only the file has changed it. Its private join
 * URLs are stored apart (online-access.ts) and the releases keep the source without them, since
 * the public function reads releases; as the rest of the file, they change only with a release:
 * a file whose URLs changed makes one. Once organizers have released through the API, the API
 * owns the edition and the file is left alone, its URLs included (they follow API releases).
 * A file release that moves the workshop tells registrants as an API release does: its schedule
 * notice is written with it and queued once published (registrations/schedule-notices.ts); one
 * left by an interrupted publish is queued by the next.
 */
export async function publishEditionFile(
  stores: Pick<
    Stores,
    | 'editions'
    | 'registrations'
    | 'agenda'
    | 'onlineAccess'
    | 'live'
    | 'events'
    | 'scheduleNotices'
    | 'mails'
  >,
  file: EditionSource,
  now: Date,
): Promise<PublishOutcome> {
  const source = withoutOnlineUrls(file);
  const latest = await stores.agenda.latestRelease(source.year);
  if (latest?.origin === 'api') {
    return { written: 0, deleted: 0, unchanged: 0, promoted: 0, release: null };
  }
  const access = onlineAccess(file);
  const urlsChanged = joinUrlsChanged(await stores.onlineAccess.get(file.year, true), access);
  let release = latest?.number ?? 0;
  let notice: ScheduleNotice | null = null;
  if (!latest || urlsChanged || JSON.stringify(latest.source) !== JSON.stringify(source)) {
    notice = releaseNotice(latest?.source, source);
    const withNotice = notice;
    release = (
      await stores.agenda.createRelease(
        source.year,
        {
          name: latest ? `file-${latest.number + 1}` : 'initial',
          comment: latest
            ? `The edition file changed and was deployed${urlsChanged ? ', its join URL with it' : ''}.`
            : 'The agenda of the edition file.',
          releasedAt: now.toISOString(),
          releasedBy: 'edition-file',
          origin: 'file',
          forced: false,
          source,
        },
        withNotice
          ? (number) => [stores.scheduleNotices.noticeCompanion(source.year, number, withNotice)]
          : undefined,
      )
    ).number;
  } else {
    // A publish interrupted before its notice was queued: this one queues it.
    notice = (await stores.scheduleNotices.unqueued(source.year, release)) ?? null;
  }
  await stores.onlineAccess.put(file.year, access);
  const published = await publishSource(stores, source, now);
  if (notice) await queueScheduleNotice(stores, source.year, release, notice, now);
  // A new release drops the live delays it leaves without their slots; the audit trail says which.
  if (release !== latest?.number) {
    await reconcileLiveLayer(
      stores,
      file.year,
      { before: latest?.source, after: source },
      { number: release, who: 'edition-file', at: now },
    );
  }
  return { ...published, release };
}
