import type { Hono } from 'hono';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath, noQuery } from '#functions/http/validate.ts';
import { toCsv } from '#shared/csv.ts';
import { organizerRoute } from '../openapi/organizer-route.ts';
import type { createOrganizerNotices } from '../organizer-notices.ts';
import { CSV_COLUMNS, organizerView } from './views.ts';

/** The registrations as CSV: audited and told to the organizers' list before it is handed out. */
export const registrationExportRoutes = {
  csv: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/registrations.csv',
    params: editionPath,
    query: noQuery,
    docs: WITH_ROUTE_DOCS && {
      summary: 'All registrations as RFC 4180 CSV (formula cells neutralised)',
      success: { status: 200, description: 'CSV', contentType: 'text/csv' },
      problems: [400, 401, 403, 404, 503],
    },
  }),
};

export function registerRegistrationExport(
  app: Hono,
  {
    registrations,
    notices,
    clock,
    requireEdition,
  }: {
    registrations: Pick<RegistrationStore, 'allRegistrations' | 'waitlistPositions'>;
    notices: Pick<ReturnType<typeof createOrganizerNotices>, 'registrationsExported'>;
    clock: () => Date;
    requireEdition: (year: number) => Promise<void>;
  },
) {
  serve(app, registrationExportRoutes.csv, async (c, { params: { year } }) => {
    await requireEdition(year);
    const [records, positions] = await Promise.all([
      registrations.allRegistrations(year),
      registrations.waitlistPositions(year),
    ]);
    const rows = records.map((record) => {
      const view = organizerView(record, positions);
      return CSV_COLUMNS.map((column) => view[column]);
    });
    // Audited and told to the organizers' list before it is handed out.
    await notices.registrationsExported(
      year,
      { who: c.get('organizerId'), format: 'csv', rows: rows.length },
      clock(),
    );
    return c.body(toCsv(CSV_COLUMNS, rows), 200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="registrations-${year}.csv"`,
    });
  });
}
