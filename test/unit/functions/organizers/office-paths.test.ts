import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { RouteDoc } from '#functions/http/openapi.ts';
import { announcementPreviewRoutes } from '#functions/organizers/announcement-preview/routes.ts';
import { announcementRoutes } from '#functions/organizers/announcement-routes.ts';
import { OFFICE_PATHS } from '#functions/organizers/app.ts';
import { checkInRoutes } from '#functions/organizers/check-in-routes.ts';
import { liveRoutes } from '#functions/organizers/live-routes.ts';
import { mailRoutes } from '#functions/organizers/mail-routes.ts';
import { auditRoutes } from '#functions/organizers/office/routes.ts';
import { registrationExportRoutes } from '#functions/organizers/registrations/export.ts';
import { registrationAdminRoutes } from '#functions/organizers/registrations/routes.ts';
import { webhookRoutes } from '#functions/organizers/webhook-routes.ts';

/**
 * The office routes load on first use (app.ts serves OFFICE_PATHS with office/lambda.ts): a route
 * declared there whose path no OFFICE_PATHS pattern matches would answer 404 in the organizers
 * function, and a door route that one matched would load the office on a cold start's request.
 */

const office: RouteDoc[] = [
  ...Object.values(announcementRoutes),
  ...Object.values(announcementPreviewRoutes),
  ...Object.values(liveRoutes),
  ...Object.values(webhookRoutes),
  ...Object.values(mailRoutes),
  ...Object.values(registrationExportRoutes),
  ...Object.values(auditRoutes),
];
const door: RouteDoc[] = [
  ...Object.values(registrationAdminRoutes),
  ...Object.values(checkInRoutes),
];

/** A request path for a declared one: each parameter a plausible value, a suffix kept. */
const sample = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name) => (name === 'year' ? '2030' : `some-${name}`));

const matcher = new Hono();
for (const path of OFFICE_PATHS) matcher.all(path, (c) => c.text('office'));

async function matched(route: RouteDoc) {
  const response = await matcher.request(sample(route.path), {
    method: route.method.toUpperCase(),
  });
  return response.status === 200;
}

describe('the office paths of the organizers function', () => {
  it('match every route the office module declares', async () => {
    expect(office.length).toBeGreaterThanOrEqual(14);
    for (const route of office)
      expect(await matched(route), `${route.method} ${route.path}`).toBe(true);
  });

  it('match none of the door’s routes (registrations, capacity, check-ins, attendance)', async () => {
    expect(door.length).toBeGreaterThanOrEqual(9);
    for (const route of door)
      expect(await matched(route), `${route.method} ${route.path}`).toBe(false);
  });
});
