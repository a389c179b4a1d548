import { queueScheduleNotice } from '#functions/data/registrations/schedule-notices.ts';
import type { Stores } from '#functions/data/stores.ts';
import { noPublicCache, type PublicCache } from '#functions/edge/public-cache.ts';
import { releaseNotice } from '#shared/draft/schedule-notice.ts';
import { joinUrlsChanged, onlineAccess, withoutOnlineUrls } from '#shared/edition/online.ts';
import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import {
  agendaToStore,
  closeRelease,
  commitRelease,
  type PublishedSource,
  publishRelease,
  publishSource,
  type ReleaseStores,
  unfinishedRelease,
} from './release.ts';

export interface PublishOutcome extends PublishedSource {
  /** The release the public agenda now shows; null when the file was not published. */
  release: number | null;
}

type FileStores = ReleaseStores & Pick<Stores, 'onlineAccess'>;

/**
 * Publishes an edition file (on deploy, or when the local server starts). The file's agenda is the
 * edition's first release, and later ones while only the file has changed it. Its private join
 * URLs are stored apart (online-access.ts) and the releases keep the source without them, since
 * the public function reads releases; as the rest of the file, they change only with a release:
 * a file whose URLs changed makes one. Once organizers (or speakers, their materials) have
 * released through the API, the API owns the edition and the file is left alone, its URLs
 * included (they follow API releases).
 * A file release that moves the workshop tells registrants as an API release does: its schedule
 * notice is written with it and queued once published (registrations/schedule-notices.ts).
 * A file release cut short (release.ts) is finished by the next publish; the front door's cache
 * is told when anything public changed.
 */
export async function publishEditionFile(
  stores: FileStores,
  file: EditionSource,
  now: Date,
  publicCache: PublicCache = noPublicCache,
): Promise<PublishOutcome> {
  const source = withoutOnlineUrls(file);
  const { year } = source;
  const unfinished = await unfinishedRelease(stores, year);
  // An API release is the API's to finish (its join URLs, its answer).
  if (unfinished?.release.origin === 'file') {
    await finishFileRelease(stores, unfinished, now, publicCache);
  }
  const latest = await stores.agenda.latestRelease(year);
  if (latest && latest.origin !== 'file') {
    return { written: 0, deleted: 0, unchanged: 0, promoted: 0, release: null };
  }
  const access = onlineAccess(file);
  const urlsChanged = joinUrlsChanged(await stores.onlineAccess.get(year, true), access);
  if (latest && !urlsChanged && JSON.stringify(latest.source) === JSON.stringify(source)) {
    // The same release published again: the head names its version as this code publishes it
    // (and a table from before the head gets one), before the items change.
    const { version: liveVersion } = await stores.live.getLive(year, { consistent: true });
    const published = publishEdition(source);
    await stores.heads.adopt(year, {
      number: latest.number,
      version: published.details.version,
      liveVersion,
      agenda: agendaToStore(published),
    });
    await stores.onlineAccess.put(year, access);
    const result = await publishSource(stores, source, now);
    // A notice left by a publish interrupted before the head existed.
    const notice = await stores.scheduleNotices.unqueued(year, latest.number);
    if (notice) await queueScheduleNotice(stores, year, latest.number, notice, now);
    if (result.written + result.deleted + result.promoted > 0) {
      await publicCache.invalidateEdition(year, latest.number);
    }
    return { ...result, release: latest.number };
  }
  const release = await commitRelease(
    stores,
    year,
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
    { notice: releaseNotice(latest?.source, source) },
  );
  await stores.onlineAccess.put(year, access);
  return finishFileRelease(stores, { release, previous: latest?.source }, now, publicCache);
}

/** The steps after a file release's commit (release.ts), each idempotent. */
async function finishFileRelease(
  stores: FileStores,
  { release, previous }: Awaited<ReturnType<typeof unfinishedRelease>> & {},
  now: Date,
  publicCache: PublicCache,
): Promise<PublishOutcome> {
  const { year } = release.source;
  const { liveDelaysDropped: _dropped, ...published } = await publishRelease(
    stores,
    release,
    previous,
    now,
  );
  const notice = await stores.scheduleNotices.unqueued(year, release.number);
  if (notice) await queueScheduleNotice(stores, year, release.number, notice, now);
  await closeRelease(stores, publicCache, year, release.number);
  return { ...published, release: release.number };
}
