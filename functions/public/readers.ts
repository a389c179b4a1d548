import { createEditionReader } from '#functions/data/editions/edition-store.ts';
import { createLiveReader } from '#functions/data/editions/live-reader.ts';
import { createReleaseHistory } from '#functions/data/editions/release-history.ts';
import { createSeatCounterReader } from '#functions/data/registrations/seat-counter.ts';
import type { TableAccess } from '#functions/data/table/client.ts';

/**
 * What the public function reads beyond the edition's head: the edition, its releases, its live
 * delays and its seat counter. The handler imports this module on the first request that needs
 * one of them, so that the agenda's cold path (front.ts) does not load them.
 */
export function createPublicReaders(table: TableAccess) {
  return {
    editions: createEditionReader(table),
    history: createReleaseHistory(table),
    live: createLiveReader(table),
    // Of the registrations, only the seat counter is read here (the counts and the window).
    seats: createSeatCounterReader(table),
  };
}
