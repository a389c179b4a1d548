import { handle } from 'hono/aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import { createOnlineAccessStore } from '#functions/data/editions/online-access.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { readSecret } from '#functions/data/table/secret.ts';
import { streamDelivered } from '#functions/data/webhooks/event-outbox.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp } from '#functions/http/app.ts';
import { renderRegistrationView } from '#functions/pages/registration-pages.ts';
import { createRegistrationApp } from './app.ts';
import { createRegistrationService } from './service.ts';

const table = lambdaTable();
const editions = createEditionStore(table);
// In AWS the table's stream carries committed events on: nothing to tell.
const registrations = createRegistrationStore({ ...table, events: streamDelivered });
// The stack keeps the email HMAC key in Secrets Manager; EMAIL_HASH_KEY serves tests.
const emailHashKey =
  process.env.EMAIL_HASH_KEY ?? (await readSecret(requiredEnv('EMAIL_HASH_KEY_SECRET_ARN')));

const publicUrl = requiredEnv('PUBLIC_URL');
const service = createRegistrationService({
  editions,
  registrations,
  // The private join URLs: only this function reads them, and only for confirmed registrants.
  onlineAccess: createOnlineAccessStore(table),
  clock: () => new Date(),
  emailHashKey,
  publicUrl,
});

export const handler = handle(
  createRootApp(
    // Forms posted without JavaScript are answered with the pages context's pages.
    [createRegistrationApp({ service, forms: { render: renderRegistrationView, publicUrl } })],
    { originCheck: lambdaOriginCheck() },
  ),
);
