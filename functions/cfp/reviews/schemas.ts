import * as z from 'zod/mini';
import { isoWithMillis, pageSchema } from '#functions/http/openapi.ts';
import { editionPath, pageQuery, slugId } from '#functions/http/validate.ts';
import { reviewRequestSchema } from '#shared/cfp/review.ts';
import { SUBMISSION_STATUSES } from '#shared/cfp/submission.ts';
import { ULID_PATTERN } from '#shared/ulid.ts';

/** What the reviews and decisions routes accept and answer (routes.ts declares them with these). */

const SUBMISSION_ID_DETAIL = 'expected a submission id as the list gives it';

const submissionId = z
  .string()
  .check(
    z.maxLength(26, { error: SUBMISSION_ID_DETAIL, abort: true }),
    z.regex(ULID_PATTERN, SUBMISSION_ID_DETAIL),
  );

export const submissionPath = z.extend(editionPath, { submissionId });

export const submissionListQuery = z.strictObject({
  status: z.optional(z.enum(SUBMISSION_STATUSES)),
  kind: z.optional(slugId),
  segment: z.optional(slugId),
  format: z.optional(
    z.enum(['json', 'csv']).register(z.globalRegistry, {
      description: 'csv: the whole filtered list as formula-safe CSV (organizers only), no email',
    }),
  ),
  ...pageQuery(50),
});

export { reviewRequestSchema as reviewBody };

const message = z
  .string()
  .check(z.trim(), z.maxLength(2000, 'expected at most 2000 characters'))
  .register(z.globalRegistry, { description: 'Told to the speakers in the decision’s message' });

export const decisionBody = z.strictObject({
  decision: z.enum(['accepted', 'rejected']),
  session: z.optional(
    slugId.register(z.globalRegistry, {
      description: 'The draft session an accepted talk joins (required when accepted)',
    }),
  ),
  message: z.optional(message),
});

const MAX_BULK_DECISIONS = 100;

export const bulkDecisionBody = z.strictObject({
  decisions: z
    .array(z.extend(decisionBody, { id: submissionId }))
    .check(
      z.minLength(1, 'expected at least one decision'),
      z.maxLength(MAX_BULK_DECISIONS, `expected at most ${MAX_BULK_DECISIONS} decisions`),
    ),
});

const summarySchema = z.object({
  count: z.int(),
  mean: z.nullable(z.number()),
  spread: z.nullable(z.number()),
});

export const reviewSchema = z.object({
  submissionId: z.string(),
  reviewer: z.string(),
  score: z.int(),
  comment: z.string(),
  reviewedAt: isoWithMillis,
});

export const submissionForReviewSchema = z.object({
  id: z.string(),
  status: z.enum(SUBMISSION_STATUSES),
  title: z.string(),
  abstract: z.string(),
  kind: z.string(),
  segment: z.string(),
  notes: z.optional(z.string()),
  submittedAt: z.string(),
  speakers: z.optional(
    z.array(z.object({ name: z.string(), affiliation: z.string(), bio: z.optional(z.string()) })),
  ),
  speakerCount: z.int(),
  decision: z.optional(
    z.object({
      decision: z.enum(['accepted', 'rejected']),
      session: z.optional(z.string()),
      decidedAt: z.string(),
      reviews: z.optional(summarySchema),
    }),
  ),
  reviews: summarySchema,
  myReview: z.optional(reviewSchema),
  reviewDetails: z.optional(z.array(reviewSchema)),
  talkId: z.optional(z.string()),
});

export const submissionPageSchema = pageSchema(submissionForReviewSchema);

export const bulkResultSchema = z.object({
  results: z.array(z.object({ id: z.string(), status: z.int(), detail: z.optional(z.string()) })),
});
