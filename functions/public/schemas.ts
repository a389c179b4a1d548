import * as z from 'zod/mini';
import { editionPath, pageQuery, slugId, urlInteger } from '#functions/http/validate.ts';

/** What a public read accepts: the handlers validate with these, and openapi.ts documents them. */

export const talkPath = z.extend(editionPath, { talkId: slugId });
export const speakerPath = z.extend(editionPath, { speakerId: slugId });
export const personPath = z.strictObject({ personId: slugId });

export const talksQuery = z.strictObject({
  segment: z.optional(slugId),
  session: z.optional(slugId),
  speaker: z.optional(slugId),
  kind: z.optional(z.enum(['intro', 'talk', 'panel', 'paper', 'keynote'])),
  ...pageQuery(100),
});
export const listQuery = z.strictObject(pageQuery(100));

const releaseNumber = urlInteger(/^[1-9]\d{0,5}$/, 'expected a release number', {
  minimum: 1,
  maximum: 999_999,
});

export const changesQuery = z.strictObject({
  from: z.optional(releaseNumber),
  to: z.optional(releaseNumber),
});

/**
 * An instant with its offset. A `+` written raw in a query string arrives as a space (form
 * encoding): room-screen URLs are typed by hand, so a space before the offset counts as `+`.
 */
export const nowQuery = z.strictObject({
  at: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([+ -]\d{2}:\d{2}|Z)$/,
          'expected an ISO 8601 instant with its offset, e.g. 2020-06-25T09:20:00+02:00',
        ),
      ),
  ),
});

/** The instant a valid `at` names. */
export const instantOf = (at: string) => new Date(at.replace(' ', '+'));
