import type { Context, Hono } from 'hono';
import type { RouteDoc } from '#functions/http/openapi.ts';
import { problemFor } from '#functions/http/problem.ts';
import { defineRoute, serve } from '#functions/http/route.ts';
import { editionPath } from '#functions/http/validate.ts';
import type { CfpDependencies } from '../dependencies.ts';
import { guardSubmissionsAdmin, isOrganizer, requireOrganizer } from './access.ts';
import {
  bulkDecisionBody,
  bulkResultSchema,
  decisionBody,
  reviewBody,
  reviewSchema,
  submissionForReviewSchema,
  submissionListQuery,
  submissionPageSchema,
  submissionPath,
} from './schemas.ts';
import { createReviewService, type Reviewer } from './service.ts';
import { submissionsCsv } from './views.ts';

/**
 * The reviews routes of the call for papers, under /admin: reviewers and organizers list, read
 * and review submissions; organizers decide (one at a time or in bulk) and export CSV.
 */

const reviewRoute = <
  Route extends Omit<RouteDoc, 'docs'> & { docs: Omit<RouteDoc['docs'], 'tag' | 'security'> },
>(
  route: Route,
) =>
  defineRoute({
    ...route,
    docs: route.docs && { ...route.docs, tag: 'Reviews', security: 'reviewer' },
  });

const LIST = '/admin/editions/{year}/submissions';
const ONE = `${LIST}/{submissionId}`;

export const reviewRoutes = {
  list: reviewRoute({
    method: 'get',
    path: LIST,
    params: editionPath,
    query: submissionListQuery,
    docs: WITH_ROUTE_DOCS && {
      summary: 'The submissions to the call, with their reviews',
      description:
        'Reviewers and organizers. Filters by status, kind and segment; in a blind call reviewers see no speakers. Organizers also get every review (`reviewDetails`) and, with `format=csv`, the whole filtered list as CSV (formula cells neutralised). Never an email.',
      success: { status: 200, description: 'A page of submissions', schema: submissionPageSchema },
      problems: [400, 401, 403, 404],
    },
  }),
  one: reviewRoute({
    method: 'get',
    path: ONE,
    params: submissionPath,
    docs: WITH_ROUTE_DOCS && {
      summary: 'One submission, with its reviews',
      success: { status: 200, description: 'The submission', schema: submissionForReviewSchema },
      problems: [400, 401, 403, 404],
    },
  }),
  review: reviewRoute({
    method: 'put',
    path: `${ONE}/review`,
    params: submissionPath,
    body: reviewBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Your review of a submission (a second one replaces it)',
      description:
        'One review per reviewer, changeable until the submission is decided (409 after). 403 for a speaker of the submission (the token’s email claim), and for a token without an email claim.',
      example: { score: 4, comment: 'Clear problem, convincing measurements.' },
      success: { status: 200, description: 'The review as stored', schema: reviewSchema },
      problems: [400, 401, 403, 404, 409],
    },
  }),
  decision: reviewRoute({
    method: 'post',
    path: `${ONE}/decision`,
    params: submissionPath,
    body: decisionBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Accept a submission into a draft session, or reject it (organizers)',
      description:
        'Mails the speakers (accepted: their link to confirm or decline), announces `submission.decided` and is audited. Changeable until the speakers answered (409 after); the same decision again changes nothing.',
      example: { decision: 'accepted', session: 'runtime', message: 'Welcome aboard!' },
      success: { status: 200, description: 'The submission', schema: submissionForReviewSchema },
      problems: [400, 401, 403, 404, 409],
    },
  }),
  decisions: reviewRoute({
    method: 'post',
    path: `${LIST}/decisions`,
    params: editionPath,
    body: bulkDecisionBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Up to 100 decisions at once (organizers)',
      description:
        'Each decision as POST …/{submissionId}/decision takes it; each result names its status and, for a problem, its detail.',
      example: { decisions: [{ id: '01e1z8y6v3m9k2q4r5s6t7v8w9', decision: 'rejected' }] },
      success: { status: 200, description: 'One result per decision', schema: bulkResultSchema },
      problems: [400, 401, 403, 404],
    },
  }),
};

const reviewerOf = (c: Context): Reviewer => ({
  subject: c.get('organizerId'),
  email: c.get('callerEmail'),
  organizer: isOrganizer(c),
});

export function registerReviewRoutes(app: Hono, dependencies: CfpDependencies): void {
  guardSubmissionsAdmin(app, dependencies.authenticate);
  const service = createReviewService(dependencies);
  const { cursors } = dependencies;

  serve(app, reviewRoutes.list, async (c, { params: { year }, query }) => {
    const { status, kind, segment } = query;
    const filters = { status, kind, segment };
    if (query.format === 'csv') {
      requireOrganizer(c);
      const rows = await service.all(year, filters);
      return c.body(submissionsCsv(rows), 200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="submissions-${year}.csv"`,
      });
    }
    const scope = `submissions/${year}/${status ?? ''}/${kind ?? ''}/${segment ?? ''}`;
    const after = query.cursor ? { after: cursors.position(scope, query.cursor) } : {};
    const page = await service.list(year, filters, { limit: query.limit, ...after }, reviewerOf(c));
    return c.json({
      items: page.items,
      nextCursor: page.last === null ? null : cursors.after(scope, page.last),
      limit: query.limit,
    });
  });

  serve(app, reviewRoutes.one, async (c, { params: { year, submissionId } }) =>
    c.json(await service.one(year, submissionId, reviewerOf(c))),
  );

  serve(app, reviewRoutes.review, async (c, { params: { year, submissionId }, body }) => {
    const request = await body();
    return c.json(await service.review(year, submissionId, request, reviewerOf(c)));
  });

  serve(app, reviewRoutes.decision, async (c, { params: { year, submissionId }, body }) => {
    requireOrganizer(c);
    const request = await body();
    return c.json(await service.decide(year, submissionId, request, c.get('organizerId')));
  });

  serve(app, reviewRoutes.decisions, async (c, { params: { year }, body }) => {
    requireOrganizer(c);
    const { decisions } = await body();
    const results: { id: string; status: number; detail?: string }[] = [];
    // One after the other: each is its own transaction, and a problem stays its own.
    for (const { id, ...request } of decisions) {
      try {
        await service.decide(year, id, request, c.get('organizerId'));
        results.push({ id, status: 200 });
      } catch (error) {
        const problem = problemFor(error, c.req.path);
        if (problem.status >= 500) throw error;
        results.push({
          id,
          status: problem.status,
          ...(problem.detail ? { detail: problem.detail } : {}),
        });
      }
    }
    return c.json({ results });
  });
}
