import * as z from 'zod/mini';
import { isoWithMillis } from '#functions/http/openapi.ts';
import { SUBMISSION_STATUSES } from '#shared/cfp/submission.ts';

/** What the submission routes answer, as their declarations (routes.ts) document it. */

export const callSchema = z.object({
  edition: z.int(),
  state: z.enum(['not-yet-open', 'open', 'closed']),
  open: z.boolean(),
  opensAt: z.string().register(z.globalRegistry, {
    description: "When the call opens: an ISO instant with the edition's offset",
  }),
  closesAt: z.string().register(z.globalRegistry, {
    description: "When the call closes: an ISO instant with the edition's offset",
  }),
  kinds: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      duration: z.int().register(z.globalRegistry, { description: 'Minutes in the agenda' }),
      talkKind: z.string(),
      description: z.optional(z.string()),
    }),
  ),
  tracks: z.array(z.object({ id: z.string(), name: z.string() })),
  limits: z.object({ title: z.int(), abstract: z.int(), speakers: z.int() }),
  blind: z.boolean().register(z.globalRegistry, {
    description: 'Reviewers see no names, emails or affiliations',
  }),
});

export const submissionCreatedSchema = z.object({
  id: z.string(),
  status: z.literal('submitted'),
  manageToken: z.string().register(z.globalRegistry, {
    description: 'Shown only here and in the receipt: the bearer token of the submission',
  }),
  manageUrl: z.string().register(z.globalRegistry, {
    description: 'The speakers’ page of the submission, with the token in its fragment',
  }),
});

export const ownSubmissionSchema = z.object({
  id: z.string(),
  edition: z.int(),
  status: z.enum(SUBMISSION_STATUSES),
  title: z.string(),
  abstract: z.string(),
  kind: z.string(),
  segment: z.string(),
  notes: z.optional(z.string()),
  speakers: z
    .array(
      z.object({
        name: z.string(),
        email: z.string(),
        affiliation: z.string(),
        bio: z.optional(z.string()),
        personId: z.optional(z.string()),
      }),
    )
    .register(z.globalRegistry, {
      description:
        'Only the submission’s own speakers (with its token) see this; empty once withdrawn or erased',
    }),
  submittedAt: isoWithMillis,
  updatedAt: isoWithMillis,
  decision: z.optional(
    z.object({
      decision: z.enum(['accepted', 'rejected']),
      message: z.optional(z.string()),
      session: z.optional(z.string()),
    }),
  ),
});
