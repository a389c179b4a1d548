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
      tag: 'Pages',
      summary: 'The newest edition’s page: agenda, seats left, registration form',
      success: { ...html, cached: true },
      problems: [404],
    },
    {
      method: 'get',
      path: '/{year}',
      tag: 'Pages',
      summary: 'An edition’s page: agenda, seats left, registration form',
      params: editionPath,
      success: { ...html, cached: true },
      problems: [404],
    },
    {
      method: 'get',
      path: '/{year}/manage',
      tag: 'Pages',
      summary: 'The manage page behind manageUrl (id and token in the URL fragment)',
      params: editionPath,
      success: html,
      problems: [404],
    },
    {
      method: 'post',
      path: '/{year}/manage',
      tag: 'Pages',
      summary:
        'The manage page without JavaScript: the manage link (`link`) or `id` and `token`, form-encoded, with `intent` show, cancel (asks first) or cancel-confirmed; answers the page',
      params: editionPath,
      success: html,
      problems: [403, 404, 413],
    },
    {
      method: 'get',
      path: '/{year}/door',
      tag: 'Pages',
      summary: 'The door: organizers check people in by code (typed, or read by the camera)',
      params: editionPath,
      success: html,
      problems: [404],
    },
    {
      method: 'get',
      path: '/{year}/now',
      tag: 'Pages',
      summary:
        'The room screen: what runs now and next by the live times, with a running-late banner',
      params: editionPath,
      success: html,
      problems: [404],
    },
  ],
};
