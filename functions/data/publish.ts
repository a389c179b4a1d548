import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import type { EditionStore, PublishResult } from './edition-store.ts';
import type { RegistrationStore } from './registration-store.ts';

/**
 * Publishes an edition file: its agenda items (only what changed), its seat counter (the
 * capacity set, the counts kept), and, when the capacity grew, seats for the waiting list.
 */
export async function publishEditionFile(
  stores: { editions: EditionStore; registrations: RegistrationStore },
  source: EditionSource,
  now: Date,
): Promise<PublishResult & { promoted: number }> {
  const result = await stores.editions.publish(publishEdition(source));
  if (!source.registration) return { ...result, promoted: 0 };
  await stores.registrations.ensureCounter(source.year, source.registration.capacity);
  const promoted = await stores.registrations.fillFreeSeats(source.year, now);
  return { ...result, promoted };
}
