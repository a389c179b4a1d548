import { withLiveTimes } from '#shared/agenda/live.ts';
import type { PublishedEdition } from '#shared/edition/published.ts';
import { contentVersion, splitContentVersion } from './content-version.ts';
import type { EditionStore } from './edition-store.ts';
import type { LiveLayer } from './live-reader.ts';
import type { SeatCounter } from './seat-counter.ts';

/**
 * The published editions a warm function serves from memory, read once per content version.
 *
 * Staleness bound: a process checks an edition's version (one consistent GetItem of its seat
 * counter, which a publish writes last) at most once per `checkEveryMs`, 1 s by default, and
 * reads the edition only when the version is new. A check that starts after a
 * release committed sees it, and every request uses a check started at most `checkEveryMs`
 * before it: a release is served by every warm process within `checkEveryMs` of its commit.
 *
 * A new version is read from the document publish stores beside the partition (one GetItem,
 * measured faster on first use than the Query: bench/first-use.ts); the partition is read when
 * that document is missing or of another version.
 *
 * | access pattern               | operation                                                   |
 * |------------------------------|-------------------------------------------------------------|
 * | the version now              | GetItem SEATS#<year> / COUNTER, consistent, ≤ 1 per check   |
 * | the edition at a new version | GetItem SNAPSHOT#<year> / EDITION, consistent (beside the   |
 * |                              | first check); Query EDITION#<year> when it is not that one  |
 * | the live delays at a new one | GetItem LIVE#<year> / LIVE, consistent (live-store.ts)      |
 *
 * The version is the content version (content-version.ts): a live delay changes it as a release
 * does, and the edition served carries the live times (withLiveTimes).
 */

interface CurrentEdition {
  version: string;
  edition: PublishedEdition;
}

export interface PublishedEditions {
  /** The edition as of a version check at most `checkEveryMs` old; undefined when there is none. */
  current(year: number): Promise<CurrentEdition | undefined>;
  /** The edition at a version the caller has just read (from the seat counter it read anyway). */
  at(year: number, version: string): Promise<CurrentEdition | undefined>;
  /** Whether a check within the bound found this version (without waiting for one). */
  isCurrent(year: number, version: string): boolean;
  /** Drops what is known of an edition: a process that published it sees its release at once. */
  forget(year: number): void;
}

export const VERSION_CHECK_MS = 1000;

export interface PublishedEditionsOptions {
  store: Pick<EditionStore, 'getPublishedEdition'> & Partial<Pick<EditionStore, 'getSnapshot'>>;
  seats: { getSeatCounter(year: number, consistent?: boolean): Promise<SeatCounter | undefined> };
  /** The live delays; without it, delays are not shown. */
  live?: { getLive(year: number, options?: { consistent?: boolean }): Promise<LiveLayer> };
  checkEveryMs?: number;
  /** A monotonic clock in milliseconds (tests move it by hand). */
  now?: () => number;
}

export function createPublishedEditions({
  store,
  seats,
  live,
  checkEveryMs = VERSION_CHECK_MS,
  now = () => performance.now(),
}: PublishedEditionsOptions): PublishedEditions {
  /** The last edition read per year, kept only when it is the version its seat counter names. */
  const kept = new Map<number, CurrentEdition>();
  const checks = new Map<number, { at: number; result: Promise<CurrentEdition | undefined> }>();
  /** The version the last finished check found, and when that check started. */
  const settled = new Map<number, { at: number; version: string }>();

  /** The document publish stored when it is this version (one small read), else the partition. */
  async function readEdition(
    year: number,
    version: string,
    snapshot?: Promise<PublishedEdition | undefined>,
  ): Promise<PublishedEdition | undefined> {
    const stored = version === '' ? undefined : await (snapshot ?? store.getSnapshot?.(year));
    if (stored && stored.details.version === version) return stored;
    return store.getPublishedEdition(year);
  }

  /** The edition with its live times, versioned by both. */
  async function readCurrent(
    year: number,
    version: string,
    snapshot?: Promise<PublishedEdition | undefined>,
  ): Promise<CurrentEdition | undefined> {
    const wanted = splitContentVersion(version);
    const edition = await readEdition(year, wanted.edition, snapshot);
    if (!edition) return undefined;
    if (wanted.live === 0 || !live) return { version: edition.details.version, edition };
    const layer = await live.getLive(year, { consistent: true });
    return {
      version: contentVersion(edition.details.version, layer.version),
      edition: withLiveTimes(edition, layer),
    };
  }

  async function at(
    year: number,
    version: string,
    snapshot?: Promise<PublishedEdition | undefined>,
  ): Promise<CurrentEdition | undefined> {
    const known = kept.get(year);
    if (known && version !== '' && known.version === version) return known;
    const read = await readCurrent(year, version, snapshot);
    if (!read) return undefined;
    // A read between a publish's items and its seat counter (or from an older counter, before
    // versions were stored there) is served but not kept: the next check reads again.
    if (read.version === version) kept.set(year, read);
    return read;
  }

  async function check(year: number): Promise<CurrentEdition | undefined> {
    // On first use the document is read beside the counter: one round trip, not two.
    const snapshot = kept.has(year) ? undefined : store.getSnapshot?.(year);
    snapshot?.catch(() => undefined);
    const counter = await seats.getSeatCounter(year, true);
    // An edition stored without a seat counter (or with no version in it) is read every check.
    return at(year, counter?.version ?? '', snapshot);
  }

  return {
    at,
    isCurrent(year, version) {
      const last = settled.get(year);
      return last !== undefined && last.version === version && now() - last.at < checkEveryMs;
    },
    forget(year) {
      checks.delete(year);
      kept.delete(year);
      settled.delete(year);
    },
    current(year) {
      const last = checks.get(year);
      if (last && now() - last.at < checkEveryMs) return last.result;
      const at = now();
      const started = {
        at,
        result: check(year).then((result) => {
          if (result && checks.get(year) === started)
            settled.set(year, { at, version: result.version });
          return result;
        }),
      };
      checks.set(year, started);
      // A failed check is not remembered: the next request tries again.
      started.result.catch(() => {
        if (checks.get(year) === started) checks.delete(year);
      });
      return started.result;
    },
  };
}
