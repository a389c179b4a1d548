import * as z from 'zod/mini';
import type { ApiDescription } from '#functions/http/openapi.ts';
import { PROBLEM_TYPE_LIST, type ProblemName } from '#functions/http/problem.ts';
import { editionPath } from '#functions/http/validate.ts';

/** The public pages for /openapi.json. */

const html = { status: 200, description: 'HTML', contentType: 'text/html' };

export const pagesDescription: ApiDescription = {
  tags: [{ name: 'Pages', description: 'Documents and pages' }],
  routes: [
    {
      method: 'get',
      path: '/',
      docs: {
        tag: 'Pages',
        summary: 'The newest edition’s page: agenda, seats left, registration form',
        success: { ...html, cached: true },
        problems: [404],
      },
    },
    {
      method: 'get',
      path: '/{year}',
      params: editionPath,
      docs: {
        tag: 'Pages',
        summary: 'An edition’s page: agenda, seats left, registration form',
        success: { ...html, cached: true },
        problems: [404],
      },
    },
    {
      method: 'get',
      path: '/{year}/cfp',
      params: editionPath,
      docs: {
        tag: 'Pages',
        summary:
          'The call for papers and talks: its window, kinds, tracks, limits and review, and while it is open the submission form (posts form-encoded to /editions/{year}/submissions, without JavaScript)',
        success: { ...html, cached: true },
        problems: [404],
      },
    },
    {
      method: 'get',
      path: '/{year}/manage',
      params: editionPath,
      docs: {
        tag: 'Pages',
        summary: 'The manage page behind manageUrl (id and token in the URL fragment)',
        success: html,
        problems: [404],
      },
    },
    {
      method: 'post',
      path: '/{year}/manage',
      params: editionPath,
      docs: {
        tag: 'Pages',
        summary:
          'The manage page without JavaScript: the manage link (`link`) or `id` and `token`, form-encoded, with `intent` show, cancel (asks first) or cancel-confirmed; answers the page',
        success: html,
        problems: [403, 404, 413],
      },
    },
    {
      method: 'get',
      path: '/{year}/submission',
      params: editionPath,
      docs: {
        tag: 'Pages',
        summary:
          'The speakers’ page behind a submission’s private link (id and token in the URL fragment, posted by its script)',
        success: html,
        problems: [404],
      },
    },
    {
      method: 'post',
      path: '/{year}/submission',
      params: editionPath,
      docs: {
        tag: 'Pages',
        summary:
          'The speakers’ page without JavaScript: the private link (`link`) or `id` and `token`, form-encoded, with `intent` show, speaker (personId, name, affiliation, bio), material (kind, title, url) or remove-material (materialId); answers the page',
        success: html,
        problems: [400, 403, 404, 409, 413],
      },
    },
    {
      method: 'get',
      path: '/{year}/door',
      params: editionPath,
      docs: {
        tag: 'Pages',
        summary: 'The door: organizers check people in by code (typed, or read by the camera)',
        success: html,
        problems: [404],
      },
    },
    {
      method: 'get',
      path: '/{year}/now',
      params: editionPath,
      docs: {
        tag: 'Pages',
        summary:
          'The room screen: what runs now and next by the live times, with a running-late banner',
        success: html,
        problems: [404],
      },
    },
  ],
};

const html200 = { status: 200, description: 'HTML', contentType: 'text/html' };

export const problemPagesDescription: ApiDescription = {
  tags: [{ name: 'Pages', description: 'Documents and pages' }],
  routes: [
    {
      method: 'get',
      path: '/problems',
      docs: {
        tag: 'Pages',
        summary: 'The problem types this API answers with, each linked to its page',
        success: html200,
        database: false,
        problems: [],
      },
    },
    {
      method: 'get',
      path: '/problems/{name}',
      params: z.object({
        name: z.enum(PROBLEM_TYPE_LIST.map((problem) => problem.slug) as [ProblemName]),
      }),
      docs: {
        tag: 'Pages',
        summary: 'What a problem type means and what to do: the page behind a problem’s `type`',
        success: html200,
        database: false,
        problems: [404],
      },
    },
  ],
};
