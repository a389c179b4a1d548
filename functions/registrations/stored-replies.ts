import type { RefusalReason, RegistrationOutcome } from '#shared/registration/outcome.ts';
import { openReply } from './secrets.ts';

/**
 * Idempotency records completed before they kept outcomes (issue 22) hold the answer's body
 * instead, sealed with the Idempotency-Key (`storedReply`). A record lives 25 hours, so for 25
 * hours after the deploy that stopped writing them a client's retry may meet one: it is read here
 * as the outcome it told, and the route answers it as before (the same body: the manage token is
 * derived again from the id). Delete this module once every table was deployed past that.
 */

/** The refusals an old record kept, by their problem type. */
const REFUSED_AS: Record<string, RefusalReason> = {
  '/problems/already-registered': 'already-registered',
  '/problems/waitlist-full': 'waitlist-full',
  '/problems/registration-not-open': 'not-open',
  '/problems/registration-closed': 'closed',
};

export function outcomeOfStoredReply(
  idempotencyKey: string,
  stored: { body: string },
): RegistrationOutcome {
  const body = JSON.parse(openReply(idempotencyKey, stored.body)) as Record<string, unknown>;
  const { id, status, waitlistPosition, type, detail } = body;
  if (typeof id === 'string' && status === 'confirmed') {
    return { kind: 'confirmed', registrationId: id };
  }
  if (typeof id === 'string' && status === 'waitlisted') {
    return {
      kind: 'waitlisted',
      registrationId: id,
      ...(typeof waitlistPosition === 'number' ? { waitlistPosition } : {}),
    };
  }
  const reason =
    typeof type === 'string' && Object.hasOwn(REFUSED_AS, type) ? REFUSED_AS[type] : undefined;
  if (reason && typeof detail === 'string') return { kind: 'refused', reason, detail };
  throw new Error('An idempotency record holds a reply of no known kind.');
}
