import * as z from 'zod/mini';
import type { SubmissionRecord, SubmissionStatus } from './submission.ts';

/**
 * Reviews: one per reviewer and submission, a score from 1 (reject) to 5 (must have) and a
 * comment for the organizers, changeable until a decision is made. Blind calls show reviewers no
 * names, emails or affiliations; no answer to a reviewer or the public ever holds an email.
 */

const MIN_SCORE = 1;
const MAX_SCORE = 5;

export const reviewRequestSchema = z.strictObject({
  score: z
    .int({ error: `expected a whole number from ${MIN_SCORE} to ${MAX_SCORE}` })
    .check(
      z.minimum(MIN_SCORE, `expected at least ${MIN_SCORE}`),
      z.maximum(MAX_SCORE, `expected at most ${MAX_SCORE}`),
    ),
  comment: z.string().check(z.trim(), z.maxLength(5000, 'expected at most 5000 characters')),
});

type ReviewRequest = z.output<typeof reviewRequestSchema>;

export interface Review extends ReviewRequest {
  submissionId: string;
  /** The reviewer's token subject: who wrote it, for organizers and the audit trail. */
  reviewer: string;
  reviewedAt: string;
}

export interface ReviewSummary {
  count: number;
  /** Rounded to two decimals; null without reviews. */
  mean: number | null;
  /** Highest minus lowest score: how much reviewers disagree; null without reviews. */
  spread: number | null;
}

export function reviewSummary(reviews: readonly Pick<Review, 'score'>[]): ReviewSummary {
  if (reviews.length === 0) return { count: 0, mean: null, spread: null };
  const scores = reviews.map((review) => review.score);
  const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  return {
    count: scores.length,
    mean: Math.round(mean * 100) / 100,
    spread: Math.max(...scores) - Math.min(...scores),
  };
}

/** A submission as a reviewer or organizer reads it: never an email. */
export interface SubmissionForReview {
  id: string;
  status: SubmissionStatus;
  title: string;
  abstract: string;
  kind: string;
  segment: string;
  notes?: string;
  submittedAt: string;
  /** Absent in a blind call for reviewers. */
  speakers?: { name: string; affiliation: string; bio?: string }[];
  speakerCount: number;
  decision?: { decision: 'accepted' | 'rejected'; session?: string; decidedAt: string };
}

export function forReview(
  submission: SubmissionRecord,
  { blind }: { blind: boolean },
): SubmissionForReview {
  return {
    id: submission.id,
    status: submission.status,
    title: submission.title,
    abstract: submission.abstract,
    kind: submission.kind,
    segment: submission.segment,
    ...(submission.notes ? { notes: submission.notes } : {}),
    submittedAt: submission.submittedAt,
    ...(blind
      ? {}
      : {
          speakers: submission.speakers.map(({ name, affiliation, bio }) => ({
            name,
            affiliation,
            ...(bio ? { bio } : {}),
          })),
        }),
    speakerCount: submission.speakers.length,
    ...(submission.decision
      ? {
          decision: {
            decision: submission.decision.decision,
            ...(submission.decision.session ? { session: submission.decision.session } : {}),
            decidedAt: submission.decision.decidedAt,
          },
        }
      : {}),
  };
}
