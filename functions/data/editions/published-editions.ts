import { withLiveTimes } from '#shared/agenda/live.ts';
import { type PublishedEdition, publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { editionPk } from '../table/keys.ts';
import { contentVersion, type EditionHead, splitContentVersion } from './edition-head.ts';
import { assemble, type EditionStore, editionItems } from './edition-store.ts';
import type { LiveLayer } from './live-reader.ts';

/**
 * The published editions a warm function serves from memory, read once per content version.
 *
 * Staleness bound: a process checks an edition's version (one consistent GetItem of its head,
 * editions/edition-head.ts, which a release's transaction writes) at most once per `checkEveryMs`, 1 s
 * by default, and reads the edition only when the version is new. A check that starts after a
 * release committed sees it, and every request uses a check started at most `checkEveryMs`
 * before it: a release is served by every warm process within `checkEveryMs` of its commit.
 * Under steady use no request waits for a check: a use in the bound's last fifth starts the next
 * one ahead, served meanwhile by the last (refreshAhead), at the price of a check every 0.8 s.
 *
 * A new version is read from the document publish stores beside the partition (one GetItem,
 * measured faster on first use than the Query: bench/first-use.ts). A document behind the head
 * (a release whose follow-up steps have not run yet, or were cut short) is rebuilt in memory
 * from the release the head names, so the release is served as committed; the partition is read
 * when neither is that version (a table from before the head).
 *
 * | access pattern               | operation                                                   |
 * |------------------------------|-------------------------------------------------------------|
 * | the version now              | GetItem EDITION#<year> / HEAD, consistent, ≤ 1 per check    |
 * | the edition at a new version | GetItem SNAPSHOT#<year> / EDITION, consistent (beside the   |
 * |                              | first check); GetItem RELEASES#<year> / REL#<n> when it is  |
 * |                              | behind; Query EDITION#<year> when neither is that version   |
 * | the live delays at a new one | GetItem LIVE#<year> / LIVE, consistent (live-store.ts)      |
 *
 * The version is the content version (editions/edition-head.ts): a live delay changes it as a release
 * does, and the edition served carries the live times (withLiveTimes).
 */

interface CurrentEdition {
  version: string;
  edition: PublishedEdition;
}

export interface PublishedEditions {
  /** The edition as of a version check at most `checkEveryMs` old; undefined when there is none. */
  current(year: number): Promise<CurrentEdition | undefined>;
  /** Whether a check within the bound found this version (without waiting for one). */
  isCurrent(year: number, version: string): boolean;
  /** Drops what is known of an edition: a process that published it sees its release at once. */
  forget(year: number): void;
}

export const VERSION_CHECK_MS = 1000;

/** The last part of the bound in which a use starts the next check (refreshAhead). */
const AHEAD_SHARE = 0.2;

export interface PublishedEditionsOptions {
  store: Pick<EditionStore, 'getPublishedEdition'> & Partial<Pick<EditionStore, 'getSnapshot'>>;
  /** The edition heads; without them, every check reads the edition. */
  heads?: { getHead(year: number, consistent?: boolean): Promise<EditionHead | undefined> };
  /** The releases, to rebuild an edition whose stored document is behind its head. */
  releases?: {
    getRelease(year: number, number: number): Promise<{ source: EditionSource } | undefined>;
  };
  /** The live delays; without it, delays are not shown. */
  live?: { getLive(year: number, options?: { consistent?: boolean }): Promise<LiveLayer> };
  checkEveryMs?: number;
  /** A monotonic clock in milliseconds (tests move it by hand). */
  now?: () => number;
}

export function createPublishedEditions({
  store,
  heads,
  releases,
  live,
  checkEveryMs = VERSION_CHECK_MS,
  now = () => performance.now(),
}: PublishedEditionsOptions): PublishedEditions {
  /** The last edition read per year, kept only when it is the version its head names. */
  const kept = new Map<number, CurrentEdition>();
  const checks = new Map<
    number,
    { at: number; done: boolean; result: Promise<CurrentEdition | undefined> }
  >();
  /** The version the last finished check found, and when that check started. */
  const settled = new Map<number, { at: number; version: string }>();

  /**
   * The document publish stored when it is this version (one small read), else the release the
   * head names, else the partition.
   */
  async function readEdition(
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
  async function readCurrent(
    year: number,
    head: EditionHead | undefined,
    snapshot?: Promise<PublishedEdition | undefined>,
  ): Promise<CurrentEdition | undefined> {
    const wanted = splitContentVersion(head?.version ?? '');
    const edition = await readEdition(year, wanted.edition, snapshot, head?.release);
    if (!edition) return undefined;
    if (wanted.live === 0 || !live) return { version: edition.details.version, edition };
    const layer = await live.getLive(year, { consistent: true });
    return {
      version: contentVersion(edition.details.version, layer.version),
      edition: withLiveTimes(edition, layer),
    };
  }

  async function check(year: number): Promise<CurrentEdition | undefined> {
    // On first use the document is read beside the head: one round trip, not two.
    const snapshot = kept.has(year) ? undefined : store.getSnapshot?.(year);
    snapshot?.catch(() => undefined);
    const head = await heads?.getHead(year, true);
    // An edition stored without a head (or a version on its seat counter) is read every check.
    const version = head?.version ?? '';
    const known = kept.get(year);
    if (known && version !== '' && known.version === version) return known;
    const read = await readCurrent(year, head, snapshot);
    if (!read) return undefined;
    // A read that is not the version the head names (a table from before the head, whose
    // partition is being published) is served but not kept: the next check reads again.
    if (read.version === version) kept.set(year, read);
    return read;
  }

  type Started = { at: number; done: boolean; result: Promise<CurrentEdition | undefined> };
  /** Checks started ahead of the bound, while the last one still serves. */
  const upcoming = new Map<number, Started>();

  function begin(year: number, at: number): Started {
    const started: Started = { at, done: false, result: check(year) };
    started.result.then(
      () => {
        started.done = true;
      },
      () => undefined,
    );
    return started;
  }

  /**
   * A use in the last AHEAD_SHARE of the bound starts the next check, and is served by the last
   * one, still within the bound: under steady use, no request waits for a check.
   */
  function refreshAhead(year: number, at: number) {
    const last = checks.get(year);
    if (!last?.done || upcoming.has(year) || at - last.at < checkEveryMs * (1 - AHEAD_SHARE))
      return;
    const started = begin(year, at);
    upcoming.set(year, started);
    started.result.then(
      (result) => {
        // Forgotten meanwhile (a release here): what it found may be the version before.
        if (upcoming.get(year) !== started) return;
        upcoming.delete(year);
        if (!result) return;
        checks.set(year, started);
        settled.set(year, { at, version: result.version });
      },
      () => {
        if (upcoming.get(year) === started) upcoming.delete(year);
      },
    );
  }

  return {
    isCurrent(year, version) {
      const last = settled.get(year);
      const at = now();
      const current = last !== undefined && last.version === version && at - last.at < checkEveryMs;
      if (current) refreshAhead(year, at);
      return current;
    },
    forget(year) {
      checks.delete(year);
      upcoming.delete(year);
      kept.delete(year);
      settled.delete(year);
    },
    current(year) {
      const at = now();
      const last = checks.get(year);
      if (last && at - last.at < checkEveryMs) {
        refreshAhead(year, at);
        return last.result;
      }
      // The check started ahead is within the bound: it is the one to wait for.
      const ahead = upcoming.get(year);
      if (ahead && at - ahead.at < checkEveryMs) return ahead.result;
      const started = begin(year, at);
      started.result.then(
        (result) => {
          if (result && checks.get(year) === started)
            settled.set(year, { at, version: result.version });
        },
        () => undefined,
      );
      checks.set(year, started);
      // A failed check is not remembered: the next request tries again.
      started.result.catch(() => {
        if (checks.get(year) === started) checks.delete(year);
      });
      return started.result;
    },
  };
}

/** Through the items and back: the edition exactly as publish stores its document. */
const asStored = (edition: PublishedEdition) =>
  assemble(
    [...editionItems(edition)].filter((item) => item.pk === editionPk(edition.details.year)),
  );
