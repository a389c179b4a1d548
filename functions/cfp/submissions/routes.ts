import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod/mini';
import { bearerToken } from '#functions/http/auth.ts';
import { defineRoute, serve } from '#functions/http/route.ts';
import { editionPath, idempotencyKey, idempotencyKeyOf } from '#functions/http/validate.ts';
import { submissionPatchSchema, submissionRequestSchema } from '#shared/cfp/submission.ts';
import { PayloadTooLargeError } from '#shared/errors.ts';
import { callSchema, ownSubmissionSchema, submissionCreatedSchema } from './answers.ts';
import { MAX_SUBMISSION_BYTES, submissionPath } from './schemas.ts';
import type { SubmissionService } from './service.ts';

/**
 * The call and its submissions, each route declared once (http/route.ts): served below,
 * documented by /openapi.json (cfp/openapi.ts). Every answer about a submission is personal:
 * never cached.
 */

const WINDOW_409 =
  'Outside the call’s window a 409 `conflict` with `field: "window"` says when it opens or closed.';

export const submissionRoutes = {
  call: defineRoute({
    method: 'get',
    path: '/editions/{year}/cfp',
    params: editionPath,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Call for papers',
      summary: 'The call for papers and talks: whether it is open, its window, kinds and tracks',
      success: { status: 200, description: 'The call', schema: callSchema },
      problems: [404],
    },
  }),
  submit: defineRoute({
    method: 'post',
    path: '/editions/{year}/submissions',
    params: editionPath,
    body: submissionRequestSchema,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Call for papers',
      summary: `Submit a talk or paper (JSON, at most ${MAX_SUBMISSION_BYTES} bytes); each speaker gets a receipt with the private link`,
      description: `${WINDOW_409} The same title from the same first speaker again is a 409 naming \`title\`. The call’s own kinds, tracks and limits are checked: a 400 names each field that breaks them. Browsers without JavaScript post the page \`/{year}/cfp\`’s form here, form-encoded, and get pages back.`,
      headers: [
        {
          name: 'Idempotency-Key',
          description:
            'Retry-safe POST: the same key and body return the first answer (kept 25 hours).',
          schema: idempotencyKey,
        },
      ],
      example: {
        title: 'Checkpointing at exascale without tears',
        abstract: 'What we learned moving a climate code to asynchronous multi-level checkpoints.',
        kind: 'lightning',
        segment: 'runtime',
        consent: true,
        speakers: [
          {
            name: 'Grace Example',
            email: 'grace@example.org',
            affiliation: 'Example Lab',
            bio: 'Works on resilient runtimes.',
          },
        ],
      },
      success: {
        status: 201,
        description: 'Submitted: the token is shown only here and in the receipts',
        schema: submissionCreatedSchema,
        headers: [
          {
            name: 'Location',
            description:
              'The submission: `/editions/{year}/submissions/{id}`, read, edited and withdrawn with the token as a bearer token.',
            schema: z.string(),
          },
        ],
      },
      problems: [400, 404, 409, 413, 415, 422, 503],
    },
  }),
  read: defineRoute({
    method: 'get',
    path: '/editions/{year}/submissions/{id}',
    params: submissionPath,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Call for papers',
      summary: 'One’s own submission, with its token (a wrong token: the 404 of an unknown id)',
      security: 'submissionToken',
      success: { status: 200, description: 'The submission', schema: ownSubmissionSchema },
      problems: [400, 404, 503],
    },
  }),
  edit: defineRoute({
    method: 'patch',
    path: '/editions/{year}/submissions/{id}',
    params: submissionPath,
    body: submissionPatchSchema,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Call for papers',
      summary: 'Edit one’s submission while it is submitted and the call open',
      description: `${WINDOW_409} A decided or withdrawn submission: 409 naming \`status\`; an edit that crossed another: 409 naming \`version\` (read it again).`,
      security: 'submissionToken',
      example: { title: 'Checkpointing at exascale, without tears' },
      success: { status: 200, description: 'The submission', schema: ownSubmissionSchema },
      problems: [400, 404, 409, 413, 415, 503],
    },
  }),
  remove: defineRoute({
    method: 'delete',
    path: '/editions/{year}/submissions/{id}',
    params: submissionPath,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Call for papers',
      summary:
        'Withdraw one’s submission (while the call is open), or have a rejected, withdrawn or declined one erased',
      description:
        'The speakers’ names, emails, affiliations and bios are removed at once; the rest expires a set time after the edition. Accepted or confirmed: 409 naming `status` (decline first, or ask the organizers).',
      security: 'submissionToken',
      success: {
        status: 200,
        description: 'The submission, without its speakers',
        schema: ownSubmissionSchema,
      },
      problems: [400, 404, 409, 503],
    },
  }),
};

const limited = bodyLimit({
  maxSize: MAX_SUBMISSION_BYTES,
  onError: () => {
    throw new PayloadTooLargeError(`A submission is at most ${MAX_SUBMISSION_BYTES} bytes.`);
  },
});

const personal = (c: Context, body: unknown, status: 200 | 201 = 200) => {
  c.header('cache-control', 'no-store');
  return c.json(body, status);
};

/** The submissions routes of the call for papers. */
export function registerSubmissionRoutes(app: Hono, service: SubmissionService): void {
  serve(app, submissionRoutes.call, async (c, { params: { year } }) => {
    // Whether it is open changes with the clock: never kept by a cache.
    return personal(c, await service.call(year));
  });

  serve(app, submissionRoutes.submit, limited, async (c, { params: { year }, body }) => {
    const key = idempotencyKeyOf(c);
    const outcome = await service.submit(
      year,
      await body(),
      key === undefined ? {} : { idempotencyKey: key },
    );
    c.header('location', `/editions/${year}/submissions/${outcome.id}`);
    return personal(
      c,
      {
        id: outcome.id,
        status: 'submitted',
        manageToken: outcome.manageToken,
        manageUrl: outcome.manageUrl,
      },
      201,
    );
  });

  serve(app, submissionRoutes.read, async (c, { params: { year, id } }) =>
    personal(c, await service.get(year, id, bearerToken(c))),
  );

  serve(app, submissionRoutes.edit, limited, async (c, { params: { year, id }, body }) =>
    personal(c, await service.patch(year, id, bearerToken(c), await body())),
  );

  serve(app, submissionRoutes.remove, async (c, { params: { year, id } }) =>
    personal(c, await service.remove(year, id, bearerToken(c))),
  );
}
