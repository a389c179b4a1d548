import * as z from 'zod/mini';
import { editionPath } from '#functions/http/validate.ts';
import { ULID_PATTERN } from '#shared/ulid.ts';

/**
 * What the submission routes accept besides the submission itself (its body is the domain's
 * `submissionRequestSchema` or `submissionPatchSchema`).
 */

/** A submission with ten speakers and the longest abstract fits well below it. */
export const MAX_SUBMISSION_BYTES = 32 * 1024;

export const submissionPath = z.extend(editionPath, {
  id: z
    .string()
    .check(
      z.maxLength(26, { error: 'expected a submission id as returned on submitting', abort: true }),
      z.regex(ULID_PATTERN, 'expected a submission id as returned on submitting'),
    ),
});
