import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AgendaStore } from '#functions/data/editions/agenda-store.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath } from '#functions/http/validate.ts';
import { agendaChanges } from '#shared/draft/changes.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { NotFoundError } from '#shared/errors.ts';
import type { AgendaService } from '../agenda-service.ts';
import { organizerRoute } from '../openapi/organizer-route.ts';

/**
 * What the next release would change: the draft compared with the latest release, talk by talk,
 * as the public changes feed compares two releases (shared/draft/changes.ts), so that organizers
 * see it before they release.
 */

const entries = (description: string) =>
  z.array(z.looseObject({ id: z.string() })).register(z.globalRegistry, { description });

const draftChangesAnswer = z.object({
  from: z.int().register(z.globalRegistry, {
    description: 'The number of the latest release, the one the draft is compared with',
  }),
  revision: z.int().register(z.globalRegistry, {
    description: 'The draft revision compared (0: no edit since the latest release)',
  }),
  added: entries('Talks the release would add (id, title, start, end)'),
  removed: entries('Talks it would remove (id, title)'),
  moved: entries('Talks it would move (id, title, from and to {start, end})'),
  renamed: entries('Talks it would rename (id, from, to)'),
  speakersChanged: entries('Talks whose speakers it would change (id, title, from, to)'),
  materialsChanged: entries('Talks and sessions whose links it would change (id, title, from, to)'),
  locationChanged: z.nullable(z.looseObject({})),
  daysChanged: z.nullable(z.looseObject({})),
});

export const draftChangesRoutes = {
  changes: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/draft/changes',
    params: editionPath,
    docs: WITH_ROUTE_DOCS && {
      summary:
        'What releasing the draft would change: the draft against the latest release, in the fields of GET /editions/{year}/agenda/changes',
      success: {
        status: 200,
        description: 'The changes since the latest release (all empty when the draft is the same)',
        schema: draftChangesAnswer,
      },
      problems: [400, 401, 403, 404],
    },
  }),
};

export function registerDraftChangesRoutes(
  app: Hono,
  {
    agenda,
    agendaService,
  }: { agenda: Pick<AgendaStore, 'latestRelease'>; agendaService: AgendaService },
) {
  serve(app, draftChangesRoutes.changes, async (c, { params: { year } }) => {
    const [latest, draft] = await Promise.all([
      agenda.latestRelease(year),
      agendaService.loadDraft(year),
    ]);
    if (!latest) throw new NotFoundError(`There is no edition ${year}.`);
    return c.json({
      from: latest.number,
      revision: draft.revision ?? 0,
      ...agendaChanges(publishEdition(latest.source), publishEdition(draft.source)),
    });
  });
}
