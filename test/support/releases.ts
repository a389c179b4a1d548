import type { Stores } from '#functions/data/stores.ts';
import { createAgendaService } from '#functions/organizers/agenda-service.ts';

/** The release history the public app reads, from a set of stores. */
export function releasesOf(stores: Stores) {
  return {
    listReleases: stores.agenda.listReleases,
    changes: createAgendaService(stores, () => new Date()).changes,
  };
}
