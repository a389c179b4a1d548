import type { AgendaStore, AuditEntry } from '#functions/data/editions/agenda-store.ts';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { MailOutbox } from '#functions/data/mail/mail-outbox.ts';
import type {
  RegistrationRecord,
  RegistrationStore,
} from '#functions/data/registrations/registration-store.ts';
import { log } from '#functions/log.ts';
import {
  ConflictError,
  NotFoundError,
  RegistrationNotOfferedError,
  TemporarilyUnavailableError,
} from '#shared/errors.ts';
import { type Refused, type Registered, refusalError } from '#shared/registration/outcome.ts';
import type { RegistrationRequest } from '#shared/registration/request.ts';
import type { CANCEL_REASONS } from './schemas.ts';
import { type OrganizerRegistration, organizerView } from './views.ts';

/**
 * What organizers do to registrations, by the rules of self-service (the same store: promotions,
 * messages and webhook events in the same transactions), each change with its audit entry
 * (target `registration <id>`, or `capacity`). Audit entries hold ids, statuses, reasons and the
 * organizer's note, never a name or an address; the log holds ids only.
 */

/**
 * Self-service registration as organizers use it (functions/registrations/service.ts, given by
 * the composition root): its validation, waiting list, messages and Idempotency-Key.
 */
export type AddRegistration = (
  year: number,
  request: RegistrationRequest,
  options: {
    idempotencyKey?: string;
    byOrganizer: { require?: 'confirmed' | 'waitlisted'; quiet: boolean };
  },
) => Promise<(Registered | Refused) & { replayed: boolean }>;

export interface RegistrationActionDependencies {
  editions: Pick<EditionStore, 'getEdition' | 'listEditions'>;
  registrations: RegistrationStore;
  agenda: Pick<AgendaStore, 'appendAudit' | 'auditOf'>;
  mailOutbox: Pick<MailOutbox, 'listFailed' | 'messagesTo'>;
  /** None: adding by hand answers 503 (a composition root that did not wire it). */
  addRegistration?: AddRegistration;
  clock: () => Date;
}

export type CancelReason = (typeof CANCEL_REASONS)[number];

const target = (id: string) => `registration ${id}`;
const unknown = () => new NotFoundError('There is no registration with this id in this edition.');

export function registrationActions({
  editions,
  registrations,
  agenda,
  mailOutbox,
  addRegistration,
  clock,
}: RegistrationActionDependencies) {
  /** Cancellations under way in this process: a second one of the same person is a 409. */
  const cancelling = new Set<string>();

  async function registrationConfig(year: number) {
    const details = await editions.getEdition(year);
    if (!details) throw new NotFoundError(`There is no edition ${year}.`);
    if (!details.registration)
      throw new RegistrationNotOfferedError(`Edition ${year} takes no registrations.`);
    return details.registration;
  }

  async function viewOf(record: RegistrationRecord): Promise<OrganizerRegistration> {
    const position =
      record.status === 'waitlisted' ? await registrations.waitlistPosition(record) : undefined;
    return organizerView(record, new Map(position === undefined ? [] : [[record.id, position]]));
  }

  const audit = (year: number, entry: Omit<AuditEntry, 'at'>, now: Date) =>
    agenda.appendAudit(year, { at: now.toISOString(), ...entry });

  return {
    /**
     * One person's record: the organizer view, its status history, mail state (undeliverable,
     * the last 14 days' messages) and audit entries: a GetItem and three Queries.
     */
    async record(year: number, id: string) {
      const [edition, record] = await Promise.all([
        editions.getEdition(year),
        registrations.getRegistration(year, id, true),
      ]);
      if (!edition) throw new NotFoundError(`There is no edition ${year}.`);
      if (!record) throw unknown();
      const [view, entries, messages] = await Promise.all([
        viewOf(record),
        agenda.auditOf(year, target(id)),
        mailOutbox.messagesTo(year, id),
      ]);
      return {
        ...view,
        history: record.history,
        mail: { undeliverable: record.mailUndeliverable ?? null, messages },
        audit: entries,
      };
    },

    async cancel(
      year: number,
      id: string,
      request: { reason: CancelReason; note?: string | undefined; notify?: boolean | undefined },
      who: string,
    ) {
      await registrationConfig(year);
      const key = `${year}#${id}`;
      if (cancelling.has(key))
        throw new ConflictError('This registration is being cancelled already.', 'status');
      cancelling.add(key);
      try {
        const record = await registrations.getRegistration(year, id, true);
        if (!record) throw unknown();
        if (record.status === 'cancelled')
          throw new ConflictError('This registration is cancelled already.', 'status');
        const now = clock();
        const notify = request.notify ?? true;
        const cancelled = await registrations.cancel(year, id, now, record, { quiet: !notify });
        if (!cancelled) throw unknown();
        await audit(
          year,
          {
            who,
            action: 'registration.cancel',
            target: target(id),
            summary: `Cancelled (${request.reason}), was ${record.status}; ${notify ? 'told by mail' : 'not told'}${request.note ? `. Note: ${request.note}` : ''}`,
          },
          now,
        );
        log.info('registration cancelled by an organizer', {
          year,
          id,
          was: record.status,
          reason: request.reason,
        });
        return viewOf(cancelled);
      } finally {
        cancelling.delete(key);
      }
    },

    async promote(year: number, id: string, who: string) {
      await registrationConfig(year);
      const now = clock();
      const outcome = await registrations.promote(year, id, now);
      if (outcome.result === 'unknown') throw unknown();
      if (outcome.result === 'not-waiting')
        throw new ConflictError(
          `This registration is ${outcome.record.status}, not on the waiting list.`,
          'status',
        );
      if (outcome.result === 'no-seat')
        throw new ConflictError(
          'No seat is free: raise the capacity first (PUT /admin/editions/{year}/capacity), which gives the new seats to the waiting list in order.',
          'capacity',
        );
      await audit(
        year,
        {
          who,
          action: 'registration.promote',
          target: target(id),
          summary: 'Moved from the waiting list to a free seat; told by mail',
        },
        now,
      );
      log.info('registration promoted by an organizer', { year, id });
      return viewOf(outcome.record);
    },

    async add(
      year: number,
      request: RegistrationRequest,
      options: {
        status?: 'confirmed' | 'waitlisted' | undefined;
        notify?: boolean | undefined;
        idempotencyKey?: string | undefined;
      },
      who: string,
    ) {
      if (!addRegistration)
        throw new TemporarilyUnavailableError('Adding registrations is not available here.');
      const notify = options.notify ?? true;
      const outcome = await addRegistration(year, request, {
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        byOrganizer: { ...(options.status ? { require: options.status } : {}), quiet: !notify },
      });
      if (outcome.kind === 'refused') throw refusalError(outcome);
      const now = clock();
      if (!outcome.replayed) {
        await audit(
          year,
          {
            who,
            action: 'registration.add',
            target: target(outcome.registrationId),
            summary: `Added by hand: ${outcome.kind}; ${notify ? 'told by mail' : 'not told'}`,
          },
          now,
        );
      }
      const record = await registrations.getRegistration(year, outcome.registrationId, true);
      if (!record) throw unknown();
      return { view: await viewOf(record), replayed: outcome.replayed };
    },

    async setCapacity(year: number, seats: number, who: string) {
      await registrationConfig(year);
      const changed = await registrations.setCapacity(year, seats);
      if (!changed) throw new NotFoundError(`Edition ${year} has no seat counter yet.`);
      const { before } = changed;
      if (!changed.changed)
        throw new ConflictError(
          `${before.confirmed} people are confirmed: seats must be at least ${before.confirmed} (cancel some first).`,
          'seats',
        );
      const now = clock();
      const promoted = seats > before.capacity ? await registrations.fillFreeSeats(year, now) : 0;
      await audit(
        year,
        {
          who,
          action: 'capacity.change',
          target: 'capacity',
          summary: `Seats ${before.capacity} → ${seats}; ${promoted} promoted from the waiting list`,
        },
        now,
      );
      log.info('capacity changed by an organizer', { year, seats, promoted });
      const counts = await registrations.getSeatCounts(year);
      return {
        capacity: counts?.capacity ?? seats,
        confirmed: counts?.confirmed ?? before.confirmed,
        waitlisted: counts?.waitlisted ?? before.waitlisted,
        promoted,
      };
    },

    /**
     * Every edition at a glance: per edition one GetItem (the seat counter), one Query of its
     * registrations projected to three attributes (check-ins, undeliverable addresses) and one
     * of its mail outbox (the last 14 days' messages, filtered to the given-up ones).
     */
    async overview() {
      const all = await editions.listEditions();
      const items = await Promise.all(
        all.map(async (edition) => {
          const [counter, tallies, failed] = await Promise.all([
            registrations.getSeatCounter(edition.year),
            registrations.tallies(edition.year),
            mailOutbox.listFailed(edition.year),
          ]);
          return {
            year: edition.year,
            title: edition.title,
            date: edition.date,
            registration: counter?.opensAt !== undefined,
            seats: counter?.capacity ?? 0,
            confirmed: counter?.confirmed ?? 0,
            waitlisted: counter?.waitlisted ?? 0,
            checkedIn: tallies.checkedIn,
            mail: { failed: failed.length, undeliverable: tallies.mailUndeliverable },
          };
        }),
      );
      return { items };
    },
  };
}
