import { handle } from 'hono/aws-lambda';
import { requiredEnv } from '#functions/data/client.ts';
import { lambdaStores } from '#functions/data/stores.ts';
import { createRootApp } from '#functions/http/app.ts';
import { createRegistrationApp } from './app.ts';
import { createRegistrationService } from './service.ts';

const { editions, registrations } = lambdaStores();
const service = createRegistrationService({
  editions,
  registrations,
  clock: () => new Date(),
  emailHashKey: requiredEnv('EMAIL_HASH_KEY'),
});

export const handler = handle(createRootApp(createRegistrationApp({ service })));
