import { handle } from 'hono/aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { createOnlineAccessStore } from '#functions/data/editions/online-access.ts';
import { createRegistrationReads } from '#functions/data/registrations/registration-reads.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { readSecret } from '#functions/data/table/secret.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp, lambdaRouter } from '#functions/http/app.ts';
import { createRegistrationFront } from './front.ts';
import { createRegistrantReader } from './registrant.ts';

const table = lambdaTable();
// The stack keeps the email HMAC key in Secrets Manager; EMAIL_HASH_KEY serves tests.
const emailHashKey =
  process.env.EMAIL_HASH_KEY ?? (await readSecret(requiredEnv('EMAIL_HASH_KEY_SECRET_ARN')));
const publicUrl = requiredEnv('PUBLIC_URL');
// The private join URLs: only this function reads them, and only for confirmed registrants.
const onlineAccess = createOnlineAccessStore(table);

// One's own registration is read by the front (front.ts); the rest of the function (registering,
// cancelling, the forms' pages, the QR code) loads with the first request that needs it.
const registrant = createRegistrantReader({
  registrations: createRegistrationReads(table),
  onlineAccess,
  emailHashKey,
});

const createWholeApp = async () =>
  (await import('./whole-app.ts')).createWholeApp(table, { onlineAccess, emailHashKey, publicUrl });

export const handler = handle(
  createRootApp([createRegistrationFront({ registrant, app: createWholeApp })], {
    originCheck: lambdaOriginCheck(),
    router: lambdaRouter(),
  }),
);
