import { STATUS_INDEX } from '#functions/contract.ts';
import type { Registered } from '#shared/registration/outcome.ts';
import type { RegistrationStatus } from '#shared/registration/rules.ts';
import {
  emailClaimSk,
  registrationSk,
  registrationsPk,
  statusIndexPk,
  waitlistSk,
} from '../table/keys.ts';

/**
 * The items of a registration, as registrations/ writes them and
 * registration-reads.ts reads them back. No key holds personal data: email claims are keyed by an
 * HMAC of the normalised email.
 *
 * | entity             | pk         | sk            | gsi1pk / gsi1sk                  |
 * |--------------------|------------|---------------|----------------------------------|
 * | registration       | REG#<year> | REG#<id>      | REGSTATUS#<year>#<status> / <id> |
 * | email claim        | REG#<year> | EMAIL#<hmac>  |                                  |
 * | waiting-list entry | REG#<year> | WAIT#<ticket> |                                  |
 *
 * | access pattern               | operation                                                 |
 * |------------------------------|-----------------------------------------------------------|
 * | one registration per email   | Put the email claim if absent, in the registration's transaction |
 * | change of status             | Update status, gsi1pk and history together (`transition`) |
 *
 * A waiting registration keeps its waiting-list ticket (`waitTicket`, wait-tickets.ts), which
 * names its WAIT# entry.
 */

export interface RegistrationRecord {
  id: string;
  year: number;
  status: RegistrationStatus;
  name?: string;
  email?: string;
  affiliation?: string;
  audience: string;
  tokenHash: string;
  /** HMAC of the normalised email, to free its claim on cancel; removed with the email. */
  emailKey?: string;
  /** The waiting-list ticket, for a registration that joined the waiting list. */
  waitTicket?: number;
  createdAt: string;
  confirmedAt?: string;
  cancelledAt?: string;
  history: { status: RegistrationStatus; at: string }[];
  expiresAt: number;
  /** Set when a message to this address bounced, was refused or drew a complaint. */
  mailUndeliverable?: { reason: string; at: string };
  /** When the person was checked in at the door (check-ins.ts). */
  checkedInAt?: string;
}

export interface NewRegistration {
  year: number;
  id: string;
  name: string;
  email: string;
  affiliation?: string;
  audience: string;
  tokenHash: string;
  /** HMAC of the normalised email: the uniqueness key. */
  emailKey: string;
  expiresAt: number;
  now: Date;
  waitlistLimit?: number;
  /**
   * An organizer adding someone by hand: only this status, or a 409 naming `status` (a seat is
   * free, or none is), decided on a fresh read of the counter.
   */
  require?: 'confirmed' | 'waitlisted';
  /** No message to the person (an organizer adding someone by hand with `notify: false`). */
  quiet?: boolean;
}

/**
 * Where a committed registration went: a seat, or the waiting list at its ticket, with its position
 * as it committed (exact then), unless it joined without counting on the number waiting (others
 * were joining too): then it is read.
 */
export type Placement =
  | { status: 'confirmed' }
  | { status: 'waitlisted'; waitTicket: number; waitlistPosition?: number };

/** The domain outcome of a registration placed so (what its idempotency record keeps). */
export function registeredOutcome(
  registrationId: string,
  placement: Placement,
  waitlistPosition = placement.status === 'waitlisted' ? placement.waitlistPosition : undefined,
): Registered {
  if (placement.status === 'confirmed') return { kind: 'confirmed', registrationId };
  return {
    kind: 'waitlisted',
    registrationId,
    ...(waitlistPosition === undefined ? {} : { waitlistPosition }),
  };
}

export const registrationKey = (year: number, id: string) => ({
  pk: registrationsPk(year),
  sk: registrationSk(id),
});

export function registrationItem(input: NewRegistration, outcome: Placement) {
  const at = input.now.toISOString();
  const record: RegistrationRecord = {
    id: input.id,
    year: input.year,
    status: outcome.status,
    name: input.name,
    email: input.email,
    ...(input.affiliation === undefined ? {} : { affiliation: input.affiliation }),
    audience: input.audience,
    tokenHash: input.tokenHash,
    emailKey: input.emailKey,
    ...(outcome.status === 'waitlisted' ? { waitTicket: outcome.waitTicket } : {}),
    createdAt: at,
    ...(outcome.status === 'confirmed' ? { confirmedAt: at } : {}),
    history: [{ status: outcome.status, at }],
    expiresAt: input.expiresAt,
  };
  return {
    ...registrationKey(input.year, input.id),
    entity: 'registration',
    [STATUS_INDEX.partitionKey]: statusIndexPk(input.year, outcome.status),
    [STATUS_INDEX.sortKey]: input.id,
    ...record,
  };
}

export function emailClaimItem(input: NewRegistration) {
  return {
    pk: registrationsPk(input.year),
    sk: emailClaimSk(input.emailKey),
    entity: 'email-claim',
    registrationId: input.id,
    expiresAt: input.expiresAt,
  };
}

export function waitlistEntryItem(input: NewRegistration, ticket: number) {
  return {
    pk: registrationsPk(input.year),
    sk: waitlistSk(ticket),
    entity: 'waitlist-entry',
    registrationId: input.id,
    expiresAt: input.expiresAt,
  };
}

/** The ticket of a waiting registration: every registration that joined the list has one. */
export function waitTicketOf(record: RegistrationRecord): number {
  if (record.waitTicket === undefined) {
    throw new Error(`Registration ${record.id} is on the waiting list without a ticket.`);
  }
  return record.waitTicket;
}

/** A history entry and status change, as the Update expression parts every transition shares. */
export function transition(status: RegistrationStatus, year: number, at: string) {
  return {
    set: '#status = :status, gsi1pk = :statusPk, history = list_append(history, :entry)',
    values: {
      ':status': status,
      ':statusPk': statusIndexPk(year, status),
      ':entry': [{ status, at }],
    },
  };
}

const RECORD_FIELDS = [
  'id',
  'year',
  'status',
  'name',
  'email',
  'affiliation',
  'audience',
  'tokenHash',
  'emailKey',
  'waitTicket',
  'createdAt',
  'confirmedAt',
  'cancelledAt',
  'history',
  'expiresAt',
  'mailUndeliverable',
  'checkedInAt',
] as const satisfies readonly (keyof RegistrationRecord)[];

export function toRecord(item: Record<string, unknown>): RegistrationRecord {
  return Object.fromEntries(
    RECORD_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as RegistrationRecord;
}
