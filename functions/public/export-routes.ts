import type { Context, Hono } from 'hono';
import type { RouteWords } from '#functions/http/openapi.ts';
import type { Rendering } from '#functions/http/rendered.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath, noQuery } from '#functions/http/validate.ts';
import { type PublishedEdition, TALK_KINDS } from '#shared/edition/published.ts';
import { NotFoundError } from '#shared/errors.ts';
import { frabJson, frabXml } from '#shared/exports/frab.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import { cachedRead } from './cached-read.ts';
import { talkPath } from './schemas.ts';

/** The exports: calendars and the schedule-app formats, rendered once per published version. */

const ICAL_TYPE = 'text/calendar; charset=utf-8';
const ical: RouteWords['success'] = {
  status: 200,
  description: 'iCalendar',
  contentType: 'text/calendar',
};

/** Declared once: served below, documented by /openapi.json (openapi.ts). */
export const exportRoutes = {
  agendaCalendar: cachedRead(
    '/editions/{year}/agenda.ics',
    editionPath,
    noQuery,
    WITH_ROUTE_DOCS && {
      summary: 'The agenda as iCalendar (RFC 5545)',
      success: ical,
      tag: 'Exports',
    },
  ),
  talkCalendar: cachedRead(
    '/editions/{year}/talks/{talkId}.ics',
    talkPath,
    noQuery,
    WITH_ROUTE_DOCS && { summary: 'One talk as iCalendar', success: ical, tag: 'Exports' },
  ),
  scheduleJson: cachedRead(
    '/editions/{year}/schedule.json',
    editionPath,
    noQuery,
    WITH_ROUTE_DOCS && {
      summary: 'The schedule as frab/C3VOC schedule.json (for schedule apps)',
      success: { status: 200, description: 'frab schedule JSON', contentType: 'application/json' },
      tag: 'Exports',
    },
  ),
  scheduleXml: cachedRead(
    '/editions/{year}/schedule.xml',
    editionPath,
    noQuery,
    WITH_ROUTE_DOCS && {
      summary: 'The schedule as frab schedule.xml',
      success: { status: 200, description: 'frab schedule XML', contentType: 'application/xml' },
      tag: 'Exports',
    },
  ),
};

export interface ExportRouteDependencies {
  /** A representation of the published edition, rendered once per version (app.ts). */
  fromPublishedEdition: (
    c: Context,
    year: number,
    render: (edition: PublishedEdition) => Rendering,
  ) => Promise<Response>;
  /** Where the API is served: links in the exports. */
  publicUrl: string;
}

export function registerExportRoutes(
  app: Hono,
  { fromPublishedEdition, publicUrl }: ExportRouteDependencies,
) {
  serve(app, exportRoutes.agendaCalendar, (c, { params }) =>
    fromPublishedEdition(c, params.year, (edition) => ({
      body: agendaCalendar(edition, publicUrl),
      type: ICAL_TYPE,
    })),
  );

  serve(app, exportRoutes.scheduleJson, (c, { params }) =>
    fromPublishedEdition(c, params.year, (edition) => ({
      body: frabJson(edition, publicUrl),
      type: 'application/json; charset=utf-8',
    })),
  );

  serve(app, exportRoutes.scheduleXml, (c, { params }) =>
    fromPublishedEdition(c, params.year, (edition) => ({
      body: frabXml(edition, publicUrl),
      type: 'application/xml; charset=utf-8',
    })),
  );

  // `{talkId}.ics`: the id is checked as a talk's, without its suffix.
  serve(app, exportRoutes.talkCalendar, (c, { params: { year, talkId } }) =>
    fromPublishedEdition(c, year, (edition) => {
      const slot = edition.slots.find((candidate) => candidate.id === talkId);
      if (!slot || !TALK_KINDS.includes(slot.kind)) {
        throw new NotFoundError(`Edition ${year} has no talk "${talkId}".`);
      }
      return { body: agendaCalendar(edition, publicUrl, talkId), type: ICAL_TYPE };
    }),
  );
}
