import * as z from 'zod/mini';
import { editionPath, slugId } from '#functions/http/validate.ts';
import { SUBMISSION_BOUNDS } from '#shared/cfp/submission.ts';
import { isWebUrl, MATERIAL_KINDS, MAX_URL_LENGTH } from '#shared/edition/materials.ts';
import { readableText } from '#shared/registration/request.ts';
import { ULID_PATTERN } from '#shared/ulid.ts';

/** What speakers' self-service routes take and answer: the handlers validate with these. */

export const SPEAKER_BODY_BYTES = 16 * 1024;

export const submissionPath = z.extend(editionPath, {
  id: z
    .string()
    .check(
      z.maxLength(26, { error: 'expected a submission id as returned on submitting', abort: true }),
      z.regex(ULID_PATTERN, 'expected a submission id as returned on submitting'),
    ),
});

export const speakerPath = z.extend(submissionPath, { personId: slugId });

export const materialPath = z.extend(submissionPath, { materialId: slugId });

export const speakerEditBody = z
  .strictObject({
    name: z.optional(readableText(200, 'expected a name')),
    affiliation: z.optional(readableText(200, 'expected an affiliation')),
    bio: z.optional(
      readableText(SUBMISSION_BOUNDS.bio, 'expected a bio (empty removes it)', {
        allowEmpty: true,
      }),
    ),
  })
  .check(
    z.refine(
      (edit) => Object.values(edit).some((field) => field !== undefined),
      'expected at least one of name, affiliation, bio',
    ),
  );

export const materialBody = z.strictObject({
  kind: z.enum(MATERIAL_KINDS, `expected one of: ${MATERIAL_KINDS.join(', ')}`),
  title: readableText(300, 'expected a title'),
  url: z.string('expected a URL').check(
    z.refine(isWebUrl, {
      message: `expected an http:// or https:// URL of at most ${MAX_URL_LENGTH} characters`,
    }),
  ),
});

const material = z.object({
  id: z.string(),
  kind: z.enum(MATERIAL_KINDS),
  title: z.string(),
  url: z.string(),
});

export const materialAnswer = material;

export const talkAnswer = z.object({
  talk: z.nullable(
    z.object({
      id: z.string(),
      title: z.string(),
      sessionId: z.nullable(z.string()),
      day: z.string(),
      start: z.string(),
      end: z.string(),
      live: z.optional(z.object({ start: z.string(), end: z.string(), delayMinutes: z.int() })),
      materials: z.array(material),
    }),
  ),
});

export const speakerAnswer = z.object({
  speaker: z.object({
    personId: z.optional(z.string()),
    name: z.string(),
    affiliation: z.string(),
    bio: z.optional(z.string()),
  }),
});
