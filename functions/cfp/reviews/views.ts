import type { StoredReview, StoredSubmission } from '#functions/data/submissions/review-store.ts';
import { forReview, type Review, reviewSummary } from '#shared/cfp/review.ts';
import { toCsv } from '#shared/csv.ts';

/**
 * A submission as the caller of the /admin submissions routes reads it: never an email. In a
 * blind call reviewers see no speakers; organizers see every review and the talk it became.
 */

export interface Caller {
  organizer: boolean;
  /** The caller's key among the reviews (service.ts `reviewerKey`). */
  reviewerKey: string;
}

const withoutKey = ({ reviewerKey: _key, ...review }: StoredReview): Review => review;

export function reviewView(
  record: StoredSubmission,
  reviews: readonly StoredReview[],
  caller: Caller,
  blind: boolean,
) {
  const base = forReview(record, { blind: blind && !caller.organizer });
  const mine = reviews.find((review) => review.reviewerKey === caller.reviewerKey);
  return {
    ...base,
    ...(base.decision && caller.organizer && record.reviewsAtDecision
      ? { decision: { ...base.decision, reviews: record.reviewsAtDecision } }
      : {}),
    reviews: reviewSummary(reviews),
    ...(mine ? { myReview: withoutKey(mine) } : {}),
    ...(caller.organizer
      ? {
          reviewDetails: reviews.map(withoutKey),
          ...(record.talkId ? { talkId: record.talkId } : {}),
        }
      : {}),
  };
}

const CSV_COLUMNS = [
  'id',
  'status',
  'kind',
  'segment',
  'title',
  'speakers',
  'affiliations',
  'reviews',
  'mean',
  'spread',
  'decision',
  'session',
  'submittedAt',
];

/** The organizers' CSV: names and affiliations, scores and decisions; never an address. */
export function submissionsCsv(
  rows: readonly { record: StoredSubmission; reviews: readonly StoredReview[] }[],
): string {
  return toCsv(
    CSV_COLUMNS,
    rows.map(({ record, reviews }) => {
      const summary = reviewSummary(reviews);
      return [
        record.id,
        record.status,
        record.kind,
        record.segment,
        record.title,
        record.speakers.map((speaker) => speaker.name).join('; '),
        record.speakers.map((speaker) => speaker.affiliation).join('; '),
        summary.count,
        summary.mean,
        summary.spread,
        record.decision?.decision,
        record.decision?.session,
        record.submittedAt,
      ];
    }),
  );
}
