import {
  AlreadyRegisteredError,
  RegistrationClosedError,
  RegistrationNotOpenError,
  WaitlistFullError,
} from '../errors.ts';

/**
 * What a registration request ends as, in the domain's words: a seat, a place on the waiting
 * list, or a refusal with its reason. The registration service returns it, the idempotency record
 * keeps it for replays (functions/data/registrations/idempotency-store.ts), and only the routes turn it into an
 * answer (functions/registrations/replies.ts).
 */

/** A registration made: confirmed, or waiting at its position when it committed. */
export type Registered =
  | { kind: 'confirmed'; registrationId: string }
  | {
      kind: 'waitlisted';
      registrationId: string;
      /** Absent only when the request stopped between its commit and the count of its place. */
      waitlistPosition?: number;
    };

/**
 * The refusals a replay repeats: the registrant's own mistake (an address registered already)
 * and the edition's state (window, waiting list) when the request came.
 */
const REFUSALS = {
  'already-registered': AlreadyRegisteredError,
  'waitlist-full': WaitlistFullError,
  'not-open': RegistrationNotOpenError,
  closed: RegistrationClosedError,
} as const;

export type RefusalReason = keyof typeof REFUSALS;

/** A registration refused, with what to tell the registrant (never personal data). */
export interface Refused {
  kind: 'refused';
  reason: RefusalReason;
  detail: string;
}

export type RegistrationOutcome = Registered | Refused;

const isRefusalReason = (reason: unknown): reason is RefusalReason =>
  typeof reason === 'string' && Object.hasOwn(REFUSALS, reason);

/** The refusal a domain error means, if it is one a replay repeats. */
export function refusalOf(error: unknown): Refused | undefined {
  for (const [reason, errorClass] of Object.entries(REFUSALS)) {
    if (error instanceof errorClass && isRefusalReason(reason)) {
      return { kind: 'refused', reason, detail: error.message };
    }
  }
  return undefined;
}

/** The domain error of a refusal, for the routes' one mapping of errors to problems. */
export function refusalError({ reason, detail }: Refused): Error {
  return new REFUSALS[reason](detail);
}
