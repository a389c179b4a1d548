import { describe, expect, it } from 'vitest';
import {
  createPublishedEditions,
  VERSION_CHECK_MS,
} from '#functions/data/editions/published-editions.ts';
import type { PublishedEdition } from '#shared/edition/published.ts';
import { storedItems } from '../../../support/published.ts';

/** The edition in memory, read once per version, its version checked within the staleness bound. */

const first = storedItems().published;
const second: PublishedEdition = { ...first, details: { ...first.details, version: 'v2' } };

function world() {
  let ticks = 0;
  let stored: PublishedEdition = first;
  let headVersion = first.details.version;
  let failing = false;
  let agenda: { version: string; br: Uint8Array } | undefined;
  let gate: Promise<void> | undefined;
  const reads = { head: 0, consistent: 0, partition: 0 };
  const published = createPublishedEditions({
    store: {
      getPublishedEdition: async () => {
        reads.partition += 1;
        return stored;
      },
    },
    heads: {
      getHead: async (_year, consistent) => {
        reads.head += 1;
        if (consistent) reads.consistent += 1;
        if (failing) throw new Error('unavailable');
        // Read now, answered when the gate opens (a slow read).
        const version = headVersion;
        const stored = agenda;
        await gate;
        return { version, ...(stored ? { agenda: stored } : {}) };
      },
    },
    now: () => ticks,
  });
  return {
    published,
    reads,
    tick: (ms: number) => {
      ticks += ms;
    },
    release: (edition: PublishedEdition) => {
      stored = edition;
      headVersion = edition.details.version;
    },
    /** The head names a version the partition does not hold yet. */
    name: (version: string) => {
      headVersion = version;
    },
    fail: (value: boolean) => {
      failing = value;
    },
    /** The head carries an agenda rendered for this version. */
    storeAgenda: (version: string) => {
      agenda = { version, br: new Uint8Array([1, 2, 3]) };
    },
    /** Head reads wait from now until the returned function is called. */
    slowHeads: () => {
      let open: () => void = () => undefined;
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return () => {
        gate = undefined;
        open();
      };
    },
  };
}

describe('published editions in memory', () => {
  it('checks the version with one consistent read at most once per bound, and reads the partition once per version', async () => {
    const { published, reads, tick } = world();
    for (let request = 0; request < 10; request += 1) await published.current(2020);
    expect(reads).toEqual({ head: 1, consistent: 1, partition: 1 });
    tick(VERSION_CHECK_MS);
    await published.current(2020);
    expect(reads).toEqual({ head: 2, consistent: 2, partition: 1 });
  });

  it('serves a release within the bound, and never after it the release before', async () => {
    const { published, tick, release } = world();
    expect((await published.current(2020))?.version).toBe(first.details.version);
    release(second);
    tick(VERSION_CHECK_MS - 1);
    // Still within the bound: the release before may be served.
    expect((await published.current(2020))?.version).toBe(first.details.version);
    tick(1);
    expect((await published.current(2020))?.edition.details.version).toBe('v2');
  });

  it('shares one check among the requests that arrive while it runs', async () => {
    const { published, reads } = world();
    await Promise.all(Array.from({ length: 20 }, () => published.current(2020)));
    expect(reads.head).toBe(1);
  });

  it('does not remember a failed check: the next request checks again', async () => {
    const { published, reads, fail } = world();
    fail(true);
    await expect(published.current(2020)).rejects.toThrow('unavailable');
    fail(false);
    expect((await published.current(2020))?.version).toBe(first.details.version);
    expect(reads.head).toBe(2);
  });

  it('does not keep a partition read that is not the version the head names (a publish in between)', async () => {
    const { published, reads, tick } = world();
    // The head already names v2, the partition still holds the first version.
    const racing = world();
    racing.name('v2');
    await racing.published.current(2020);
    expect(racing.reads.partition).toBe(1);
    racing.tick(VERSION_CHECK_MS);
    await racing.published.current(2020);
    expect(racing.reads.partition).toBe(2);
    // The usual case: kept, and read again only when forgotten.
    await published.current(2020);
    tick(VERSION_CHECK_MS);
    await published.current(2020);
    expect(reads.partition).toBe(1);
    published.forget(2020);
    await published.current(2020);
    expect(reads.partition).toBe(2);
  });

  it('answers the stored agenda from the head check alone, shared with the edition reads, and only at its version', async () => {
    const { published, reads, tick, storeAgenda, name } = world();
    storeAgenda(first.details.version);
    expect(await published.storedAgenda(2020)).toEqual({
      version: first.details.version,
      br: new Uint8Array([1, 2, 3]),
    });
    expect(reads).toEqual({ head: 1, consistent: 1, partition: 0 });
    expect(published.isCurrent(2020, first.details.version)).toBe(true);
    // Within the bound, the edition is read at the head that check found: no second head read.
    expect((await published.current(2020))?.version).toBe(first.details.version);
    expect(reads).toEqual({ head: 1, consistent: 1, partition: 1 });
    // A head naming another version (a delay set: its content version) has none to serve.
    tick(VERSION_CHECK_MS);
    name(`${first.details.version}.live1`);
    expect(await published.storedAgenda(2020)).toBeUndefined();
    expect(reads.head).toBe(2);
  });

  it('checks ahead in the last fifth of the bound: the request is served by the last check, not kept waiting', async () => {
    const { published, reads, tick, release, slowHeads } = world();
    await published.current(2020);
    tick(VERSION_CHECK_MS * 0.85);
    const open = slowHeads();
    release(second);
    // Answered by the last check while the next one is still reading.
    expect((await published.current(2020))?.version).toBe(first.details.version);
    expect(reads.head).toBe(2);
    expect(published.isCurrent(2020, first.details.version)).toBe(true);
    open();
    await published.current(2020);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await published.current(2020))?.version).toBe('v2');
    expect(published.isCurrent(2020, 'v2')).toBe(true);
    // The bound now runs from the start of the check made ahead.
    tick(VERSION_CHECK_MS - 1);
    expect(published.isCurrent(2020, 'v2')).toBe(true);
    tick(1);
    expect(published.isCurrent(2020, 'v2')).toBe(false);
    expect(reads.head).toBe(3);
  });

  it('makes a request past the bound wait for the check started ahead, never serving the last one', async () => {
    const { published, reads, tick, release, slowHeads } = world();
    await published.current(2020);
    tick(VERSION_CHECK_MS * 0.9);
    const open = slowHeads();
    release(second);
    await published.current(2020);
    tick(VERSION_CHECK_MS * 0.1);
    expect(published.isCurrent(2020, first.details.version)).toBe(false);
    const late = published.current(2020);
    open();
    expect((await late)?.version).toBe('v2');
    expect(reads.head).toBe(2);
  });

  it('does not take what a check made ahead found once the edition was forgotten meanwhile', async () => {
    const { published, tick, release, slowHeads } = world();
    await published.current(2020);
    tick(VERSION_CHECK_MS * 0.9);
    const open = slowHeads();
    // The check ahead reads the head before the release commits.
    await published.current(2020);
    release(second);
    published.forget(2020);
    open();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await published.current(2020))?.version).toBe('v2');
    expect(published.isCurrent(2020, first.details.version)).toBe(false);
  });
});
