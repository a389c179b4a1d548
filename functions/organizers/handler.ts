import { handle } from 'hono/aws-lambda';
import { organizersMailList, requiredEnv } from '#functions/contract.ts';
import { createAgendaStore } from '#functions/data/editions/agenda-store.ts';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import { createOnlineAccessStore } from '#functions/data/editions/online-access.ts';
import { createMailOutbox } from '#functions/data/mail/mail-outbox.ts';
import { createCheckIns } from '#functions/data/registrations/check-ins.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { readSecret } from '#functions/data/table/secret.ts';
import { streamDelivered } from '#functions/data/webhooks/event-outbox.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp, lambdaRouter } from '#functions/http/app.ts';
import { apiGatewayClaims } from '#functions/http/auth.ts';
import { createCursors, cursorKey } from '#functions/http/cursor.ts';
import { createRegistrationService } from '#functions/registrations/service.ts';
import { createOrganizerDayApp, type OrganizerDayDependencies } from './app.ts';

// The workshop day's organizer routes; the draft and its releases are the editor function's
// (editor/handler.ts), which carries the whole edition schema.
const table = lambdaTable();
const editions = createEditionStore(table);
// In AWS the table's stream carries committed events on: nothing to tell.
const registrations = createRegistrationStore({ ...table, events: streamDelivered });
// List cursors are signed with a key derived from the stack's email HMAC secret (read once per
// process); EMAIL_HASH_KEY serves tests.
const secret =
  process.env.EMAIL_HASH_KEY ?? (await readSecret(requiredEnv('EMAIL_HASH_KEY_SECRET_ARN')));

// Organizers add people by hand through self-service's rules; the manage link it makes is for
// the person's message, which the mail sender writes with its own URL.
const registrationService = createRegistrationService({
  editions,
  registrations,
  onlineAccess: createOnlineAccessStore(table),
  clock: () => new Date(),
  emailHashKey: secret,
  publicUrl: process.env.PUBLIC_URL ?? 'https://invalid.example',
});

const day: OrganizerDayDependencies = {
  editions,
  registrations,
  agenda: createAgendaStore(table),
  mailOutbox: createMailOutbox(table),
  checkIns: createCheckIns(table),
  clock: () => new Date(),
  authenticate: apiGatewayClaims,
  cursors: createCursors(cursorKey(secret)),
  checkInKey: secret,
  addRegistration: registrationService.register,
};

// The office's routes and stores load with the first request for one of them (office/lambda.ts).
const office = async (requireEdition: (year: number) => Promise<void>) =>
  (await import('./office/lambda.ts')).createOfficeApp(
    table,
    {
      ...day,
      // Exports and new webhooks are reported to this list (-c organizersMail).
      organizersMail: organizersMailList(process.env.ORGANIZERS_MAIL),
      // The links of an announcement's preview (a stand-in origin without it).
      ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
    },
    requireEdition,
  );

export const handler = handle(
  createRootApp([createOrganizerDayApp(day, office)], {
    originCheck: lambdaOriginCheck(),
    router: lambdaRouter(),
  }),
);
