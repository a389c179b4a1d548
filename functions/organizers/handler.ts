import { handle } from 'hono/aws-lambda';
import { organizersMailList, requiredEnv } from '#functions/contract.ts';
import { createStores } from '#functions/data/stores.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { readSecret } from '#functions/data/table/secret.ts';
import { lambdaPublicCache } from '#functions/edge/cloudfront.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp } from '#functions/http/app.ts';
import { apiGatewayClaims } from '#functions/http/auth.ts';
import { createCursors, cursorKey } from '#functions/http/cursor.ts';
import { createRegistrationService } from '#functions/registrations/service.ts';
import { createOrganizerDayApp } from './app.ts';

// The workshop day's organizer routes; the draft and its releases are the editor function's
// (editor/handler.ts), which carries the whole edition schema.
const stores = createStores(lambdaTable());
const publicCache = lambdaPublicCache();
// List cursors are signed with a key derived from the stack's email HMAC secret (read once per
// process); EMAIL_HASH_KEY serves tests.
const secret =
  process.env.EMAIL_HASH_KEY ?? (await readSecret(requiredEnv('EMAIL_HASH_KEY_SECRET_ARN')));

// Organizers add people by hand through self-service's rules; the manage link it makes is for
// the person's message, which the mail sender writes with its own URL.
const registrationService = createRegistrationService({
  editions: stores.editions,
  registrations: stores.registrations,
  onlineAccess: stores.onlineAccess,
  clock: () => new Date(),
  emailHashKey: secret,
  publicUrl: process.env.PUBLIC_URL ?? 'https://invalid.example',
});

export const handler = handle(
  createRootApp(
    [
      createOrganizerDayApp({
        ...stores,
        clock: () => new Date(),
        publicCache,
        authenticate: apiGatewayClaims,
        cursors: createCursors(cursorKey(secret)),
        checkInKey: secret,
        addRegistration: registrationService.register,
        // Exports and new webhooks are reported to this list (-c organizersMail).
        organizersMail: organizersMailList(process.env.ORGANIZERS_MAIL),
        // The links of an announcement's preview (a stand-in origin without it).
        ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
      }),
    ],
    { originCheck: lambdaOriginCheck() },
  ),
);
