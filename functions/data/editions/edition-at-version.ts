import { withLiveTimes } from '#shared/agenda/live.ts';
import { type PublishedEdition, publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { contentVersion, type EditionHead, splitContentVersion } from './edition-head.ts';
import type { EditionReader } from './edition-store.ts';
import type { LiveLayer } from './live-reader.ts';
import { asStored } from './stored-agenda.ts';

/**
 * The edition at the version a head names, with its live times: what published-editions.ts reads
 * when a check finds a new version. A module of its own, imported on that first read, because it
 * brings the edition model (publishing, live times): checking a head does not need it.
 */

export interface CurrentEdition {
  version: string;
  edition: PublishedEdition;
}

/** Where an edition is read from (published-editions.ts's options). */
export interface EditionSources {
  store: Pick<EditionReader, 'getPublishedEdition'> & Partial<Pick<EditionReader, 'getSnapshot'>>;
  /** The releases, to rebuild an edition whose stored document is behind its head. */
  releases?: {
    getRelease(year: number, number: number): Promise<{ source: EditionSource } | undefined>;
  };
  /** The live delays; without it, delays are not shown. */
  live?: { getLive(year: number, options?: { consistent?: boolean }): Promise<LiveLayer> };
}

/**
 * The document publish stored when it is this version (one small read), else the release the
 * head names, else the partition.
 */
async function readEdition(
  { store, releases }: EditionSources,
  year: number,
  version: string,
  snapshot?: Promise<PublishedEdition | undefined>,
  release?: number,
): Promise<PublishedEdition | undefined> {
  const stored = version === '' ? undefined : await (snapshot ?? store.getSnapshot?.(year));
  if (stored && stored.details.version === version) return stored;
  const named = release === undefined ? undefined : await releases?.getRelease(year, release);
  const rebuilt = named && asStored(publishEdition(named.source));
  if (rebuilt && rebuilt.details.version === version) return rebuilt;
  return store.getPublishedEdition(year);
}

/** The edition with its live times, versioned by both. */
export async function readCurrent(
  sources: EditionSources,
  year: number,
  head: EditionHead | undefined,
  snapshot?: Promise<PublishedEdition | undefined>,
): Promise<CurrentEdition | undefined> {
  const wanted = splitContentVersion(head?.version ?? '');
  const edition = await readEdition(sources, year, wanted.edition, snapshot, head?.release);
  if (!edition) return undefined;
  const { live } = sources;
  if (wanted.live === 0 || !live) return { version: edition.details.version, edition };
  const layer = await live.getLive(year, { consistent: true });
  return {
    version: contentVersion(edition.details.version, layer.version),
    edition: withLiveTimes(edition, layer),
  };
}
