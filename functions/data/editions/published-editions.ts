import type { PublishedEdition } from '#shared/edition/published.ts';
import type { CurrentEdition, EditionSources } from './edition-at-version.ts';
import type { EditionHead } from './edition-head.ts';

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
 * | the agenda at a new version  | none: the head carries it, rendered by its release          |
 * |                              | (stored-agenda.ts), while no delay was set                  |
 *
 * The version is the content version (editions/edition-head.ts): a live delay changes it as a release
 * does, and the edition served carries the live times (withLiveTimes).
 */

interface Check {
  /** When the head read started (the staleness bound counts from there). */
  at: number;
  head: Promise<EditionHead | undefined>;
  /** The edition at that head, read once a caller needs it (the stored agenda does not). */
  edition?: Promise<CurrentEdition | undefined>;
  /** Whether the head read has answered (a check ahead starts only after the last one has). */
  answered: boolean;
}

export interface PublishedEditions {
  /** The edition as of a version check at most `checkEveryMs` old; undefined when there is none. */
  current(year: number): Promise<CurrentEdition | undefined>;
  /** Whether a check within the bound found this version (without waiting for one). */
  isCurrent(year: number, version: string): boolean;
  /** Drops what is known of an edition: a process that published it sees its release at once. */
  forget(year: number): void;
  /**
   * The agenda its release stored, rendered and compressed (stored-agenda.ts), when it is the
   * version now (a check within the bound): the agenda without reading the edition. Undefined
   * otherwise (a release from before it, live delays): then the caller renders.
   */
  storedAgenda(year: number): Promise<{ version: string; br: Uint8Array } | undefined>;
}

export const VERSION_CHECK_MS = 1000;

/** The last part of the bound in which a use starts the next check (refreshAhead). */
const AHEAD_SHARE = 0.2;

export interface PublishedEditionsOptions extends EditionSources {
  /** The edition heads; without them, every check reads the edition. */
  heads?: { getHead(year: number, consistent?: boolean): Promise<EditionHead | undefined> };
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
  /** The last check per year: its head read, and the edition at that head once asked for. */
  const checks = new Map<number, Check>();
  /** Checks started ahead of the bound, while the last one still serves. */
  const upcoming = new Map<number, Check>();
  /** The version the last finished check found, and when that check started. */
  const settled = new Map<number, { at: number; version: string }>();

  /** The edition at the version a head names: the one kept when it is that one. */
  async function editionAt(
    year: number,
    head: EditionHead | undefined,
    snapshot?: Promise<PublishedEdition | undefined>,
  ): Promise<CurrentEdition | undefined> {
    // An edition stored without a head (or a version on its seat counter) is read every check.
    const version = head?.version ?? '';
    const known = kept.get(year);
    if (known && version !== '' && known.version === version) return known;
    // The edition model and its readers load with the first edition read: a process that only
    // checks heads (the public function's cold path, functions/public/front.ts) never loads them.
    const { readCurrent } = await import('./edition-at-version.ts');
    const read = await readCurrent({ store, releases, live }, year, head, snapshot);
    if (!read) return undefined;
    // A read that is not the version the head names (a table from before the head, whose
    // partition is being published) is served but not kept: the next check reads again.
    if (read.version === version) kept.set(year, read);
    return read;
  }

  const settle = (year: number, check: Check, version: string) => {
    if (checks.get(year) === check) settled.set(year, { at: check.at, version });
  };

  /** A head read starting now. */
  function startCheck(year: number, at: number): Check {
    const check: Check = {
      at,
      head: heads ? heads.getHead(year, true) : Promise.resolve(undefined),
      answered: false,
    };
    check.head.then(
      () => {
        check.answered = true;
      },
      () => undefined,
    );
    return check;
  }

  /** The check of record: what it finds settles the version. */
  function adopt(year: number, check: Check): Check {
    checks.set(year, check);
    check.head.then(
      (head) => {
        if (head && head.version !== '') settle(year, check, head.version);
      },
      // A failed check is not remembered: the next request tries again.
      () => {
        if (checks.get(year) === check) checks.delete(year);
      },
    );
    return check;
  }

  /** The edition at the check's head, read once for every caller of that check. */
  function editionOf(
    year: number,
    check: Check,
    snapshot?: Promise<PublishedEdition | undefined>,
  ): Promise<CurrentEdition | undefined> {
    const edition = check.head.then((head) => editionAt(year, head, snapshot));
    check.edition = edition;
    edition.then(
      (result) => {
        if (result) settle(year, check, result.version);
      },
      // The head stays checked; the edition is read again by the next request.
      () => {
        if (check.edition === edition) delete check.edition;
      },
    );
    return edition;
  }

  /**
   * A use in the last AHEAD_SHARE of the bound starts the next check (and its edition, when the
   * last one was asked for it) while the last one serves, still within the bound: under steady
   * use, no request waits for a check. It becomes the check of record once it has answered.
   */
  function refreshAhead(year: number, at: number, last: Check) {
    if (!last.answered || upcoming.has(year) || at - last.at < checkEveryMs * (1 - AHEAD_SHARE))
      return;
    const ahead = startCheck(year, at);
    upcoming.set(year, ahead);
    const answered = last.edition ? editionOf(year, ahead) : ahead.head;
    answered.then(
      () => {
        // Forgotten meanwhile (a release here), or already taken by a request past the bound.
        if (upcoming.get(year) !== ahead) return;
        upcoming.delete(year);
        adopt(year, ahead);
      },
      () => {
        if (upcoming.get(year) === ahead) upcoming.delete(year);
      },
    );
  }

  /** The check within the bound, or a new one: one head read, shared by every caller. */
  function freshCheck(year: number): Check {
    const at = now();
    const last = checks.get(year);
    if (last && at - last.at < checkEveryMs) {
      refreshAhead(year, at, last);
      return last;
    }
    // The check started ahead is within the bound: it is the one to wait for.
    const ahead = upcoming.get(year);
    upcoming.delete(year);
    if (ahead && at - ahead.at < checkEveryMs) return adopt(year, ahead);
    return adopt(year, startCheck(year, at));
  }

  return {
    isCurrent(year, version) {
      const last = settled.get(year);
      const at = now();
      const current = last !== undefined && last.version === version && at - last.at < checkEveryMs;
      const check = checks.get(year);
      if (current && check) refreshAhead(year, at, check);
      return current;
    },
    forget(year) {
      checks.delete(year);
      upcoming.delete(year);
      kept.delete(year);
      settled.delete(year);
    },
    current(year) {
      const check = freshCheck(year);
      if (check.edition) return check.edition;
      // On first use the document is read beside the head: one round trip, not two.
      const snapshot = kept.has(year) ? undefined : store.getSnapshot?.(year);
      snapshot?.catch(() => undefined);
      return editionOf(year, check, snapshot);
    },
    async storedAgenda(year) {
      const head = await freshCheck(year).head;
      const agenda = head?.agenda;
      // Rendered without live times: only while no delay was ever set (the versions match).
      if (!head || !agenda || agenda.version !== head.version) return undefined;
      return { version: head.version, br: agenda.br };
    },
  };
}
