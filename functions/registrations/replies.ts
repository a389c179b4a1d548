import { type Problem, problemFor } from '#functions/http/problem.ts';
import { refusalError } from '#shared/registration/outcome.ts';
import type { RegisterOutcome } from './service.ts';

/**
 * The one place where a registration's outcome becomes an answer, for the JSON route (app.ts) and
 * the form (forms.ts) alike: a registration made is a 201 with its Location and body, a refusal
 * the problem of its domain error (functions/http/problem.ts, the one mapping of errors).
 */

/** The body of a 201: the registration made and its manage link, shown once. */
interface CreatedBody {
  id: string;
  status: 'confirmed' | 'waitlisted';
  waitlistPosition?: number;
  manageToken: string;
  manageUrl: string;
}

export type RegistrationReply =
  | { status: 201; location: string; body: CreatedBody; replayed: boolean }
  | { status: Problem['status']; problem: Problem };

export function registrationReply(
  year: number,
  outcome: RegisterOutcome,
  instance: string,
): RegistrationReply {
  if (outcome.kind === 'refused') {
    const problem = problemFor(refusalError(outcome), instance);
    return { status: problem.status, problem };
  }
  const id = outcome.registrationId;
  return {
    status: 201,
    // The created resource; reading it needs the manage token (a replay names the same one).
    location: `/editions/${year}/registrations/${id}`,
    body: {
      id,
      status: outcome.kind,
      ...(outcome.kind === 'waitlisted' && outcome.waitlistPosition !== undefined
        ? { waitlistPosition: outcome.waitlistPosition }
        : {}),
      manageToken: outcome.manage.token,
      manageUrl: outcome.manage.url,
    },
    replayed: outcome.replayed,
  };
}
