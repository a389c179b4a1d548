import { randomUUID } from 'node:crypto';
import type { Registered, RegistrationOutcome } from '#shared/registration/outcome.ts';
import { type MailSink, streamMailed } from '../mail/mail-outbox.ts';
import type { TableAccess } from '../table/client.ts';
import { type EventSink, streamDelivered } from '../webhooks/event-outbox.ts';
import { createIdempotencyStore, type IdempotencyClaim } from './idempotency-store.ts';
import { type NewRegistration, registeredOutcome } from './registration-items.ts';
import { createRegistrationReads } from './registration-reads.ts';
import { createRegistrationTransactions } from './registration-transactions.ts';
import { createSeatCounter, type SeatCounterSettings } from './seat-counter.ts';

/**
 * Registrations, in the same table as the editions but in partitions of their own, so that the
 * agenda Query never reads them. No key holds personal data: email claims are keyed by an HMAC.
 * This module puts together the store the registration and organizer functions use; each concern
 * has a module of its own, with its access patterns:
 *
 * | entity             | pk                        | sk            | module                         |
 * |--------------------|---------------------------|---------------|--------------------------------|
 * | seat counter       | SEATS#<year>              | COUNTER       | seat-counter.ts                |
 * | registration       | REG#<year>                | REG#<id>      | registration-items.ts (gsi1: REGSTATUS#<year>#<status> / <id>) |
 * | email claim        | REG#<year>                | EMAIL#<hmac>  | registration-items.ts          |
 * | waiting-list entry | REG#<year>                | WAIT#<ticket> | registration-items.ts, wait-tickets.ts |
 * | idempotency record | IDEMPOTENCY#<year>#<hash> | IDEMPOTENCY   | idempotency-store.ts           |
 *
 * | access pattern                       | module                       |
 * |--------------------------------------|------------------------------|
 * | seats left, publish capacity, organizer capacity | seat-counter.ts  |
 * | register, cancel, fill free seats, promote one | registration-transactions.ts (registrations/) |
 * | own registration, waiting list, organizer lists | registration-reads.ts |
 * | Idempotency-Key claim and replay     | idempotency-store.ts         |
 *
 * Every change of the seat counter is conditional, so no interleaving can confirm more than
 * capacity, leave a seat free while someone waits, or promote one person twice.
 */

export type { IdempotencyClaim } from './idempotency-store.ts';
export type { NewRegistration, RegistrationRecord } from './registration-items.ts';
export type { SeatCounterSettings } from './seat-counter.ts';

export interface RegistrationStoreOptions extends TableAccess {
  /** Told about the webhook events each committed change wrote to the outbox. */
  events?: EventSink;
  /** Told about the attendee messages each committed change queued. */
  mails?: MailSink;
}

export type RegistrationStore = ReturnType<typeof createRegistrationStore>;

export function createRegistrationStore({
  client,
  tableName,
  events = streamDelivered,
  mails = streamMailed,
}: RegistrationStoreOptions) {
  const table = { client, tableName };
  const counter = createSeatCounter(table);
  const reads = createRegistrationReads(table);
  const idempotency = createIdempotencyStore(table);
  const transactions = createRegistrationTransactions({
    ...table,
    events,
    mails,
    counter,
    reads,
  });

  return {
    getSeatCounts: (year: number) => counter.getSeatCounts(year),
    getSeatCounter: (year: number, consistent = false) => counter.getSeatCounter(year, consistent),
    ensureSeatCounter: (year: number, settings: SeatCounterSettings) =>
      counter.ensureSeatCounter(year, settings),
    /**
     * Registers: confirmed, or waiting at its position. With an Idempotency-Key claim, its record
     * keeps this outcome (written in the registration's own transaction).
     */
    async register(input: NewRegistration, claim?: IdempotencyClaim): Promise<Registered> {
      const placement = await transactions.register(input, claim);
      if (placement.status === 'confirmed' || placement.waitlistPosition !== undefined)
        return registeredOutcome(input.id, placement);
      // Joined while other functions joined too: its position is a consistent count after its
      // commit, and the outcome kept for replays gets it now.
      const { waitTicket } = placement;
      const waitlistPosition = await reads.positionOfTicket(input.year, waitTicket);
      const outcome = registeredOutcome(input.id, placement, waitlistPosition);
      if (claim) await idempotency.completeIdempotencyKey(claim, outcome);
      return outcome;
    },
    waitlistPosition: reads.waitlistPosition,
    waitlistPositions: (year: number) => reads.waitlistPositions(year),
    getRegistration: (year: number, id: string, consistent = false) =>
      reads.getRegistration(year, id, consistent),
    cancel: transactions.cancel,
    fillFreeSeats: transactions.fillFreeSeats,
    /** An organizer moves one waiting registration to a free seat (registration-transactions.ts). */
    promote: transactions.promote,
    /** An organizer's seat count, kept over the edition file's (seat-counter.ts). */
    setCapacity: (year: number, seats: number) => counter.setCapacity(year, seats),
    /** Checked in and undeliverable counts, for the organizers' overview. */
    tallies: (year: number) => reads.tallies(year),
    listRegistrations: reads.listRegistrations,
    allRegistrations: (year: number) => reads.allRegistrations(year),
    claimIdempotencyKey: (claim: IdempotencyClaim, now: Date) => {
      // One owner for every attempt: an attempt that timed out and wrote after all is ours.
      const owner = randomUUID();
      return idempotency.claimIdempotencyKey(claim, now, owner);
    },
    completeIdempotencyKey: (claim: IdempotencyClaim, outcome: RegistrationOutcome) =>
      idempotency.completeIdempotencyKey(claim, outcome),
    releaseIdempotencyKey: idempotency.releaseIdempotencyKey,
  };
}
