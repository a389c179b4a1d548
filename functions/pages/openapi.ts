import type { ApiDescription } from '#functions/http/openapi.ts';
import { editionPath } from '#functions/http/validate.ts';

/** The public pages for /openapi.json. */

const html = { status: 200, description: 'HTML', contentType: 'text/html' };

export const pagesDescription: ApiDescription = {
  tags: [{ name: 'Pages', description: 'Documents and pages' }],
  routes: [
    {
      method: 'get',
      path: '/',
      docs: WITH_ROUTE_DOCS && {
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
      docs: WITH_ROUTE_DOCS && {
        tag: 'Pages',
        summary: 'An edition’s page: agenda, seats left, registration form',
        success: { ...html, cached: true },
        problems: [404],
      },
    },
    {
      method: 'get',
      path: '/{year}/manage',
      params: editionPath,
      docs: WITH_ROUTE_DOCS && {
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
      docs: WITH_ROUTE_DOCS && {
        tag: 'Pages',
        summary:
          'The manage page without JavaScript: the manage link (`link`) or `id` and `token`, form-encoded, with `intent` show, cancel (asks first) or cancel-confirmed; answers the page',
        success: html,
        problems: [403, 404, 413],
      },
    },
    {
      method: 'get',
      path: '/{year}/door',
      params: editionPath,
      docs: WITH_ROUTE_DOCS && {
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
      docs: WITH_ROUTE_DOCS && {
        tag: 'Pages',
        summary:
          'The room screen: what runs now and next by the live times, with a running-late banner',
        success: html,
        problems: [404],
      },
    },
  ],
};
