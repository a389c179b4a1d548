import { handle } from 'hono/aws-lambda';
import { requiredEnv } from '#functions/data/client.ts';
import { readSecret } from '#functions/data/secret.ts';
import { lambdaStores } from '#functions/data/stores.ts';
import { createRootApp } from '#functions/http/app.ts';
import { createRegistrationApp } from './app.ts';
import { createRegistrationService } from './service.ts';

const { editions, registrations } = lambdaStores();
// The stack keeps the email HMAC key in Secrets Manager; EMAIL_HASH_KEY serves tests.
const emailHashKey =
  process.env.EMAIL_HASH_KEY ?? (await readSecret(requiredEnv('EMAIL_HASH_KEY_SECRET_ARN')));

const service = createRegistrationService({
  editions,
  registrations,
  clock: () => new Date(),
  emailHashKey,
  publicUrl: requiredEnv('PUBLIC_URL'),
});

export const handler = handle(createRootApp([createRegistrationApp({ service })]));
