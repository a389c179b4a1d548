import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import type { OnlineAccessStore } from '#functions/data/editions/online-access.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import type { TableAccess } from '#functions/data/table/client.ts';
import { streamDelivered } from '#functions/data/webhooks/event-outbox.ts';
import { renderRegistrationView } from '#functions/pages/registration-pages.ts';
import { createRegistrationApp } from './app.ts';
import { createRegistrationService } from './service.ts';

/**
 * The whole registration app as the Lambda function runs it behind its front (front.ts): the one
 * module the handler imports on first use. One dynamic import, not one per module: esbuild makes
 * a chunk for each set of dynamic imports that share a module, and every file in the cold path
 * costs a cold start time of its own (the front with six dynamic imports loaded 11 files, at
 * 1.11× the bare bundle's cold start; with this one, 4 files, at 1.00×).
 */
export function createWholeApp(
  table: TableAccess,
  {
    onlineAccess,
    emailHashKey,
    publicUrl,
  }: { onlineAccess: Pick<OnlineAccessStore, 'get'>; emailHashKey: string; publicUrl: string },
) {
  const service = createRegistrationService({
    editions: createEditionStore(table),
    // In AWS the table's stream carries committed events on: nothing to tell.
    registrations: createRegistrationStore({ ...table, events: streamDelivered }),
    onlineAccess,
    clock: () => new Date(),
    emailHashKey,
    publicUrl,
  });
  // Forms posted without JavaScript are answered with the pages context's pages.
  return createRegistrationApp({ service, forms: { render: renderRegistrationView, publicUrl } });
}
