import { createHash, createHmac } from 'node:crypto';
import type { StoredReview, StoredSubmission } from '#functions/data/submissions/review-store.ts';
import { log } from '#functions/log.ts';
import { reviewSummary } from '#shared/cfp/review.ts';
import type { SubmissionDecision, SubmissionStatus } from '#shared/cfp/submission.ts';
import {
  ConflictError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  TemporarilyUnavailableError,
} from '#shared/errors.ts';
import { newEvent } from '#shared/events.ts';
import { submissionMail } from '#shared/mail/queued.ts';
import { normalizeEmail } from '#shared/registration/rules.ts';
import type { CfpDependencies } from '../dependencies.ts';
import { type Caller, reviewView } from './views.ts';

/**
 * Reviews and decisions: reviewers score submissions (one review each, until the decision),
 * organizers decide; a decision mails the speakers, announces `submission.decided` and is
 * audited, in one transaction with the submission's change.
 */

/** Who calls, from the token the guard verified. */
export interface Reviewer {
  subject: string;
  email: string | undefined;
  organizer: boolean;
}

export interface DecisionRequest {
  decision: 'accepted' | 'rejected';
  session?: string | undefined;
  message?: string | undefined;
}

export interface ListFilters {
  status?: SubmissionStatus | undefined;
  kind?: string | undefined;
  segment?: string | undefined;
}

/** A reviewer's key among the reviews: their subject, hashed (keys hold nothing of a person). */
const reviewerKey = (subject: string) =>
  createHash('sha256').update(`reviewer:${subject}`).digest('hex').slice(0, 32);

/** An address's HMAC, as the submissions keep their speakers' (registrations/secrets.ts emailKey). */
const addressKey = (hashKey: string, email: string) =>
  createHmac('sha256', hashKey).update(normalizeEmail(email)).digest('hex');

const DECIDABLE: readonly SubmissionStatus[] = ['submitted', 'accepted', 'rejected'];
const SECONDS_A_DAY = 24 * 60 * 60;
const DECISION_ATTEMPTS = 10;

export function createReviewService(dependencies: CfpDependencies) {
  const { submissionReviews: store, clock } = dependencies;

  async function requireCall(year: number) {
    const edition = await dependencies.editions.getEdition(year);
    if (!edition) throw new NotFoundError(`There is no edition ${year}.`);
    if (!edition.cfp) throw new NotFoundError(`The edition ${year} has no call for papers.`);
    return { edition, call: edition.cfp };
  }

  async function requireSubmission(year: number, id: string) {
    const submission = await store.getSubmission(year, id);
    if (!submission) throw new NotFoundError(`There is no submission ${id} in ${year}.`);
    return submission;
  }

  const callerOf = (reviewer: Reviewer): Caller => ({
    organizer: reviewer.organizer,
    reviewerKey: reviewerKey(reviewer.subject),
  });

  async function withReviews(year: number, records: StoredSubmission[]) {
    const first = records[0];
    const last = records.at(-1);
    const reviews = first && last ? await store.reviewsBetween(year, first.id, last.id) : new Map();
    return records.map((record) => ({
      record,
      reviews: (reviews.get(record.id) ?? []) as StoredReview[],
    }));
  }

  async function list(
    year: number,
    filters: ListFilters,
    page: { limit: number; after?: string },
    reviewer: Reviewer,
  ) {
    const { call } = await requireCall(year);
    const { items, last } = await store.listSubmissions(year, filters, page);
    const rows = await withReviews(year, items);
    const caller = callerOf(reviewer);
    return {
      items: rows.map(({ record, reviews }) => reviewView(record, reviews, caller, call.blind)),
      last,
    };
  }

  /** The whole filtered list (the CSV), read a page of 100 at a time. */
  async function all(year: number, filters: ListFilters) {
    await requireCall(year);
    const rows: Awaited<ReturnType<typeof withReviews>> = [];
    let after: string | undefined;
    do {
      const page = await store.listSubmissions(year, filters, {
        limit: 100,
        ...(after ? { after } : {}),
      });
      rows.push(...(await withReviews(year, page.items)));
      after = page.last ?? undefined;
    } while (after);
    return rows;
  }

  async function one(year: number, id: string, reviewer: Reviewer) {
    const { call } = await requireCall(year);
    const record = await requireSubmission(year, id);
    const [row] = await withReviews(year, [record]);
    return reviewView(record, row?.reviews ?? [], callerOf(reviewer), call.blind);
  }

  async function review(
    year: number,
    id: string,
    request: { score: number; comment: string },
    reviewer: Reviewer,
  ) {
    await requireCall(year);
    const submission = await requireSubmission(year, id);
    if (!reviewer.email) {
      throw new ForbiddenError(
        'Your token has no email claim: without it nobody can tell that you are not a speaker of this submission, so you cannot review.',
      );
    }
    const own = addressKey(dependencies.emailHashKey, reviewer.email);
    if (submission.speakers.some((speaker) => speaker.emailKey === own)) {
      throw new ForbiddenError('You are a speaker of this submission: you cannot review it.');
    }
    if (submission.status !== 'submitted') {
      throw new ConflictError(
        `This submission is ${submission.status}: reviews are closed once it is decided.`,
        'status',
      );
    }
    const stored: StoredReview = {
      submissionId: id,
      reviewer: reviewer.subject,
      reviewerKey: reviewerKey(reviewer.subject),
      score: request.score,
      comment: request.comment,
      reviewedAt: clock().toISOString(),
    };
    const outcome = await store.putReview(year, stored);
    if (outcome === 'missing') throw new NotFoundError(`There is no submission ${id} in ${year}.`);
    if (outcome === 'decided') {
      throw new ConflictError(
        'This submission was decided meanwhile: reviews are closed once it is decided.',
        'status',
      );
    }
    const { reviewerKey: _key, ...answer } = stored;
    return answer;
  }

  async function checkSession(year: number, request: DecisionRequest) {
    if (request.decision !== 'accepted') return;
    if (!request.session) {
      throw new InvalidRequestError([
        { name: 'session', in: 'body', detail: 'expected the draft session the talk joins' },
      ]);
    }
    const draft = await dependencies.draft.read(year);
    if (!draft.agenda.some((entry) => entry.kind === 'session' && entry.id === request.session)) {
      throw new InvalidRequestError([
        { name: 'session', in: 'body', detail: 'expected the id of a session of the draft' },
      ]);
    }
  }

  const sameDecision = (current: SubmissionDecision | undefined, request: DecisionRequest) =>
    current?.decision === request.decision &&
    current.session === (request.decision === 'accepted' ? request.session : undefined) &&
    current.message === request.message;

  async function decide(year: number, id: string, request: DecisionRequest, who: string) {
    const { edition, call } = await requireCall(year);
    await requireSubmission(year, id);
    await checkSession(year, request);
    // Each review that lands meanwhile makes the decision read again; reviews are few.
    for (let attempt = 0; attempt < DECISION_ATTEMPTS; attempt += 1) {
      const submission = await requireSubmission(year, id);
      if (!DECIDABLE.includes(submission.status)) {
        throw new ConflictError(
          `This submission is ${submission.status}: ${
            submission.status === 'withdrawn'
              ? 'its speakers withdrew it'
              : 'its speakers answered the decision, which no longer changes'
          }.`,
          'status',
        );
      }
      // A retry of the same decision is answered as it, without mailing the speakers again.
      if (sameDecision(submission.decision, request)) return one(year, id, organizerOf(who));
      const [row] = await withReviews(year, [submission]);
      const reviews = reviewSummary(row?.reviews ?? []);
      const now = clock();
      const decision: SubmissionDecision = {
        decision: request.decision,
        ...(request.decision === 'accepted' && request.session ? { session: request.session } : {}),
        ...(request.message ? { message: request.message } : {}),
        decidedAt: now.toISOString(),
        decidedBy: who,
      };
      const mails = submission.speakers.flatMap((speaker, index) =>
        speaker.email ? [submissionMail('submission-decided', year, id, index, now)] : [],
      );
      const event = newEvent(
        'submission.decided',
        year,
        { submissionId: id, decision: request.decision },
        now,
      );
      const decided = await store.decide({
        year,
        id,
        read: submission,
        decision,
        reviews,
        ...(request.decision === 'rejected'
          ? {
              expiresAt:
                Math.floor(Date.parse(edition.endsAt) / 1000) + call.retentionDays * SECONDS_A_DAY,
            }
          : {}),
        mails,
        event,
        audit: {
          at: now.toISOString(),
          who,
          action: 'submission.decide',
          target: `submission ${id}`,
          summary:
            request.decision === 'accepted'
              ? `Accepted "${submission.title}" into session ${request.session} (${reviews.count} reviews, mean ${reviews.mean ?? 'none'})`
              : `Rejected "${submission.title}" (${reviews.count} reviews, mean ${reviews.mean ?? 'none'})`,
        },
      });
      if (decided) {
        dependencies.mails.committed(mails);
        dependencies.events.committed([event]);
        log.info('submission decided', { year, submission: id, decision: request.decision });
        return one(year, id, organizerOf(who));
      }
    }
    throw new TemporarilyUnavailableError(
      'This submission is being reviewed or decided by others right now. Please retry.',
    );
  }

  const organizerOf = (subject: string): Reviewer => ({
    subject,
    email: undefined,
    organizer: true,
  });

  return { list, all, one, review, decide };
}
