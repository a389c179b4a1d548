import { createEditionReader } from '#functions/data/editions/edition-store.ts';
import { createLiveReader } from '#functions/data/editions/live-reader.ts';
import { createReleaseHistory } from '#functions/data/editions/release-history.ts';
import { createSeatCounterReader } from '#functions/data/registrations/seat-counter.ts';
import type { TableAccess } from '#functions/data/table/client.ts';
import { createReleaseFeed } from '#functions/releases/service.ts';
import { createPublicApp, type PublicAppDependencies } from './app.ts';

/**
 * The public function beyond its front (front.ts): what it reads beyond the edition's head, and
 * the whole app. The handler imports this one module on the first request that needs either, so
 * that the agenda's cold path loads neither. One dynamic import, not one per module: esbuild makes
 * a chunk of each set of dynamic imports that share a module, and every file in the cold path
 * costs a cold start time of its own (registrations/whole-app.ts).
 */

/** The edition, its releases, its live delays and its seat counter. */
export function createPublicReaders(table: TableAccess) {
  return {
    editions: createEditionReader(table),
    history: createReleaseHistory(table),
    live: createLiveReader(table),
    // Of the registrations, only the seat counter is read here (the counts and the window).
    seats: createSeatCounterReader(table),
  };
}

export function createWholeApp(
  { editions, history, seats }: ReturnType<typeof createPublicReaders>,
  dependencies: Omit<PublicAppDependencies, 'store' | 'seats' | 'releases' | 'clock'>,
) {
  return createPublicApp({
    ...dependencies,
    store: editions,
    seats,
    releases: createReleaseFeed(history),
    clock: () => new Date(),
  });
}
