import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import type { EditionStore, PublishResult } from './edition-store.ts';
import type { RegistrationStore } from './registration-store.ts';

/**
 * Publishes an edition file: its agenda items (only what changed), its state item (version,
 * capacity and window set, the seat counts kept), and, when the capacity grew, seats for the
 * waiting list.
 */
export async function publishEditionFile(
  stores: { editions: EditionStore; registrations: RegistrationStore },
  source: EditionSource,
  now: Date,
): Promise<PublishResult & { promoted: number }> {
  const published = publishEdition(source);
  const result = await stores.editions.publish(published);
  const registration = source.registration;
  await stores.registrations.ensureEditionState(source.year, {
    version: published.details.version,
    capacity: registration?.capacity ?? 0,
    ...(registration ? { opensAt: registration.opensAt, closesAt: registration.closesAt } : {}),
  });
  if (!registration) return { ...result, promoted: 0 };
  const promoted = await stores.registrations.fillFreeSeats(source.year, now);
  return { ...result, promoted };
}
