import type { Hono } from 'hono';
import type { AgendaStore } from '#functions/data/editions/agenda-store.ts';
import type { Authenticator } from '#functions/http/auth.ts';
import type { AgendaService } from '../agenda-service.ts';
import { organizerHttpApp } from '../guards.ts';
import { registerAgendaRoutes } from './agenda-routes.ts';
import { registerDraftChangesRoutes } from './draft-changes.ts';

/**
 * The editor: the draft (its resources, the whole draft replaced by an edition source, what a
 * release would change) and its releases. Its own function in AWS, the one that carries the whole
 * edition schema and YAML: the day's function (../app.ts) starts without them.
 */

export interface EditorDependencies {
  agenda: AgendaStore;
  agendaService: AgendaService;
}

export function registerEditorRoutes(app: Hono, { agenda, agendaService }: EditorDependencies) {
  registerAgendaRoutes(app, agendaService);
  registerDraftChangesRoutes(app, { agenda, agendaService });
}

/** The editor's routes behind the organizer guards: the editor function's. */
export function createEditorApp(
  dependencies: EditorDependencies & { authenticate: Authenticator },
) {
  const app = organizerHttpApp(dependencies.authenticate);
  registerEditorRoutes(app, dependencies);
  return app;
}
