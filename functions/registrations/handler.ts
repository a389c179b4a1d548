import { handle } from 'hono/aws-lambda';
import { lambdaTable, requiredEnv } from '#functions/data/client.ts';
import { createEditionStore } from '#functions/data/edition-store.ts';
import { createOnlineAccessStore } from '#functions/data/online-access.ts';
import { streamDelivered } from '#functions/data/outbox.ts';
import { createRegistrationStore } from '#functions/data/registration-store.ts';
import { readSecret } from '#functions/data/secret.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp } from '#functions/http/app.ts';
import { createRegistrationApp } from './app.ts';
import { createRegistrationService } from './service.ts';

const table = lambdaTable();
const editions = createEditionStore(table);
// In AWS the table's stream carries committed events on: nothing to tell.
const registrations = createRegistrationStore({ ...table, events: streamDelivered });
// The stack keeps the email HMAC key in Secrets Manager; EMAIL_HASH_KEY serves tests.
const emailHashKey =
  process.env.EMAIL_HASH_KEY ?? (await readSecret(requiredEnv('EMAIL_HASH_KEY_SECRET_ARN')));

const service = createRegistrationService({
  editions,
  registrations,
  // The private join URLs: only this function reads them, and only for confirmed registrants.
  onlineAccess: createOnlineAccessStore(table),
  clock: () => new Date(),
  emailHashKey,
  publicUrl: requiredEnv('PUBLIC_URL'),
});

export const handler = handle(
  createRootApp([createRegistrationApp({ service })], { originCheck: lambdaOriginCheck() }),
);
