import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { bearerToken } from '#functions/http/auth.ts';
import type { RouteDoc } from '#functions/http/openapi.ts';
import { defineRoute, serve } from '#functions/http/route.ts';
import type { CfpDependencies } from '../dependencies.ts';
import { submissionPath } from '../submissions/schemas.ts';
import { createAnswerService } from './answer-service.ts';

/**
 * The accepted speakers' answer, with their private link (`Authorization: Bearer <token>`): a
 * wrong or missing token answers the same 404 as an unknown id. Personal: never stored by caches.
 */

const speakerSubmissionSchema = z.object({
  id: z.string(),
  edition: z.int(),
  status: z.string(),
  title: z.string(),
  abstract: z.string(),
  kind: z.string(),
  segment: z.string(),
  notes: z.optional(z.string()),
  speakers: z.array(
    z.object({
      name: z.string(),
      email: z.string(),
      affiliation: z.string(),
      bio: z.optional(z.string()),
      personId: z.optional(z.string()),
    }),
  ),
  submittedAt: z.string(),
  updatedAt: z.string(),
  decision: z.optional(
    z.object({
      decision: z.enum(['accepted', 'rejected']),
      message: z.optional(z.string()),
      session: z.optional(z.string()),
    }),
  ),
});

const answerRoute = (path: string, words: Pick<RouteDoc['docs'], 'summary' | 'description'>) =>
  defineRoute({
    method: 'post',
    path,
    params: submissionPath,
    docs: WITH_ROUTE_DOCS && {
      ...words,
      tag: 'Decisions',
      security: 'submissionToken',
      success: { status: 200, description: 'The submission', schema: speakerSubmissionSchema },
      problems: [404, 409],
    },
  });

export const answerRoutes = {
  confirm: answerRoute('/editions/{year}/submissions/{id}/confirm', {
    summary: 'Confirm an accepted submission: its talk joins the draft',
    description:
      'Only when accepted (409 otherwise). The talk joins the session the organizers chose, its speakers as the persons they were in earlier editions (the same address) or new ones; public with the next release.',
  }),
  decline: answerRoute('/editions/{year}/submissions/{id}/decline', {
    summary: 'Decline an accepted submission',
    description:
      'Only when accepted (409 otherwise). The submission is erased a while after the edition.',
  }),
};

export function registerAnswerRoutes(app: Hono, dependencies: CfpDependencies): void {
  const service = createAnswerService(dependencies);
  for (const [route, answer] of [
    [answerRoutes.confirm, service.confirm],
    [answerRoutes.decline, service.decline],
  ] as const) {
    serve(app, route, async (c, { params: { year, id } }) => {
      c.header('cache-control', 'no-store');
      return c.json(await answer(year, id, bearerToken(c)));
    });
  }
}
