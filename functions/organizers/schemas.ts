import * as z from 'zod/mini';
import { editionPath, pageQuery, slugId } from '#functions/http/validate.ts';
import { CLOCK_TIME_PATTERN } from '#shared/agenda/clock.ts';
import { isWebUrl, MATERIAL_KINDS } from '#shared/edition/materials.ts';
import { WEBHOOK_EVENT_TYPES } from '#shared/events.ts';
import { webhookUrlAllowed } from '#shared/webhooks/url-policy.ts';

/** What organizer routes accept: the handlers validate with these, and openapi.ts documents them. */

export const auditQuery = z.strictObject(pageQuery(50));

const text = (maximum: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'expected a non-empty text'),
      z.maxLength(maximum, `expected at most ${maximum} characters`),
    );
const minutes = z
  .int()
  .check(z.minimum(1, 'expected at least 1 minute'), z.maximum(24 * 60, 'expected at most a day'));
const url = z.url('expected a URL');

export const speakerBody = z.strictObject({
  id: z.optional(slugId),
  name: text(200),
  affiliation: z.optional(text(200)),
  bio: z.optional(text(5000)),
  photoUrl: z.optional(url),
  links: z.optional(z.array(z.strictObject({ title: text(200), url }))),
});
export const speakerReplacement = z.omit(speakerBody, { id: true });

/** The whole list of a talk's or session's links; [] removes them. Ids sent back are kept. */
const materials = z.optional(
  z
    .array(
      z.strictObject({
        id: z.optional(slugId),
        kind: z.enum(MATERIAL_KINDS),
        title: text(300),
        url: z.string().check(
          z.refine(isWebUrl, {
            message: 'expected an http:// or https:// URL of at most 2048 characters',
          }),
        ),
      }),
    )
    .check(z.maxLength(50, 'expected at most 50 materials'))
    .register(z.globalRegistry, {
      description:
        'Links given after the workshop (slides, video, recording, code, other), http or https only. The whole list: send back the ids of those to keep; new ones get ids made from their titles; [] removes them all.',
    }),
);
const clockTime = z
  .string()
  .check(z.regex(CLOCK_TIME_PATTERN, 'expected a time of day as "HH:MM"'));

const talkFields = {
  title: text(300),
  kind: z.optional(z.enum(['intro', 'talk', 'panel', 'paper', 'keynote'])),
  abstract: z.optional(z.nullable(text(10_000))),
  duration: z.optional(z.nullable(minutes)),
  at: z.optional(z.nullable(clockTime)),
  speakers: z.optional(z.array(slugId)),
  position: z.optional(z.int().check(z.minimum(0))),
  materials,
};
export const talkBody = z.strictObject({ id: z.optional(slugId), ...talkFields });
export const talkPatch = z.strictObject({
  ...talkFields,
  title: z.optional(talkFields.title),
  sessionId: z.optional(slugId),
});
export const sessionPatch = z.strictObject({
  title: z.optional(text(200)),
  duration: z.optional(minutes),
  segment: z.optional(z.nullable(slugId)),
  materials,
  at: z.optional(z.nullable(clockTime)),
});
export const breakPatch = z.strictObject({
  title: z.optional(text(200)),
  at: z.optional(clockTime),
  duration: z.optional(minutes),
});
export const releaseBody = z.strictObject({
  name: text(100),
  comment: text(2000),
  force: z.optional(z.strictObject({ reason: text(2000) })),
  notify: z.optional(
    z.boolean().register(z.globalRegistry, {
      description:
        'Mail each confirmed and waiting registrant one summary of what the release moves (days, times, place, in person or online) with the updated agenda.ics; true by default. false for a release that moves nothing anyone needs to hear of (a typo fix).',
    }),
  ),
});

export const speakerPath = z.extend(editionPath, { speakerId: slugId });
export const talkPath = z.extend(editionPath, { talkId: slugId });
export const sessionPath = z.extend(editionPath, { sessionId: slugId });
export const breakPath = z.extend(editionPath, { breakId: slugId });

export function webhookBodySchema(allowLoopback: boolean) {
  return z.strictObject({
    url: z.string().check(
      z.maxLength(2048, 'expected at most 2048 characters'),
      z.refine((url) => webhookUrlAllowed(url, allowLoopback), {
        message: allowLoopback
          ? 'expected an https:// URL of a public host (http:// only for localhost, to test locally)'
          : 'expected an https:// URL of a public host',
      }),
    ),
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES))
      .check(z.minLength(1, 'expected at least one event type')),
  });
}

/** The body as documented: the deployed API's rules. */
export const webhookBody = webhookBodySchema(false);

export const webhookPath = z.extend(editionPath, {
  webhookId: z
    .string()
    .check(z.regex(/^wh_[0-9a-z]{26}$/, 'expected a webhook id as returned on creating it')),
});

export const announcementBody = z.strictObject({
  subject: text(200),
  text: text(20_000),
  includeWaitlisted: z.optional(z.boolean()),
  /** The same subject and text within 24 hours is refused (409) unless this is true. */
  resend: z.optional(z.boolean()),
});

export const announcementPath = z.extend(editionPath, {
  announcementId: z
    .string()
    .check(z.regex(/^ann_[0-9a-hjkmnp-tv-z]{26}$/, 'expected an announcement id as returned')),
});

export const checkInBody = z.strictObject({
  code: z
    .string()
    .check(z.maxLength(64, 'expected a check-in code (26 characters, dashes allowed)')),
  /**
   * One id per scan at the door, sent again with every retry of it: a retry whose first attempt
   * was written though its answer was lost answers as the first (201, the same time).
   */
  scanId: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^[A-Za-z0-9_-]{8,64}$/,
          'expected 8 to 64 letters, digits, hyphens or underscores (one id per scan)',
        ),
      ),
  ),
});

export const delayBody = z.strictObject({
  from: slugId,
  // A whole day late is not a delay any more: it is a new release.
  minutes: z.int().check(z.minimum(-240), z.maximum(240)),
  until: z.optional(slugId),
});
