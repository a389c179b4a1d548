import type { SubmitPort } from '#functions/cfp/forms/submission-forms.ts';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import { callView } from '#shared/cfp/call-view.ts';
import { callProblems, type SubmissionRequest } from '#shared/cfp/submission.ts';
import { submissionToken, submissionUrl } from '#shared/cfp/submission-link.ts';
import {
  ConflictError,
  IdempotencyKeyReusedError,
  InvalidRequestError,
  NotFoundError,
} from '#shared/errors.ts';
import { monotonicUlid } from '#shared/ulid.ts';

/**
 * A TEST DOUBLE of the submissions service (part "submit" builds the real one): the call read
 * from the published edition, the real window and `callProblems` rules, and submissions kept in a
 * list in memory, so that the form's tests can make it refuse as they need (429, 503, in
 * flight). `createApi` posts forms through the real service; submission-form.test.ts drives the
 * form through that one too.
 */

export interface HeldSubmission {
  id: string;
  year: number;
  request: SubmissionRequest;
  manageUrl: string;
}

export function inMemorySubmitPort({
  editions,
  clock,
  publicUrl,
  secret = 'test-submission-secret',
}: {
  editions: Pick<EditionStore, 'getEdition'>;
  clock: () => Date;
  publicUrl: string;
  secret?: string;
}): SubmitPort & { submissions: HeldSubmission[] } {
  const submissions: HeldSubmission[] = [];
  const answered = new Map<string, { body: string; submission: HeldSubmission }>();

  async function callOf(year: number) {
    const details = await editions.getEdition(year);
    if (!details?.cfp) throw new NotFoundError(`There is no call for papers and talks in ${year}.`);
    return { details, cfp: details.cfp, view: callView(year, details.cfp, details, clock()) };
  }

  return {
    submissions,
    call: async (year) => (await callOf(year)).view,
    async submit(year, request, { idempotencyKey }) {
      const body = JSON.stringify(request);
      const earlier = idempotencyKey ? answered.get(idempotencyKey) : undefined;
      if (earlier) {
        if (earlier.body !== body) {
          throw new IdempotencyKeyReusedError('This Idempotency-Key was used with another body.');
        }
        return {
          id: earlier.submission.id,
          manageUrl: earlier.submission.manageUrl,
          replayed: true,
        };
      }
      const { cfp, view } = await callOf(year);
      if (view.state === 'not-yet-open') {
        throw new ConflictError(`The call opens at ${view.opensAt}.`, 'window');
      }
      if (view.state === 'closed') {
        throw new ConflictError(`The call closed at ${view.closesAt}.`, 'window');
      }
      const problems = callProblems(cfp, view.tracks, request);
      if (problems.length > 0) throw new InvalidRequestError(problems);
      const firstEmail = request.speakers[0]?.email.toLowerCase();
      if (
        submissions.some(
          (held) =>
            held.year === year &&
            held.request.title === request.title &&
            held.request.speakers[0]?.email.toLowerCase() === firstEmail,
        )
      ) {
        throw new ConflictError('This speaker has submitted this title already.', 'title');
      }
      const id = monotonicUlid(clock());
      const manageUrl = submissionUrl(publicUrl, year, id, submissionToken(secret, year, id));
      const submission = { id, year, request, manageUrl };
      submissions.push(submission);
      if (idempotencyKey) answered.set(idempotencyKey, { body, submission });
      return { id, manageUrl, replayed: false };
    },
  };
}
