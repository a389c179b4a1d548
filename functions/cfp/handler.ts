import { handle } from 'hono/aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { createPublishedEditions } from '#functions/data/editions/published-editions.ts';
import { createStores } from '#functions/data/stores.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { readSecret } from '#functions/data/table/secret.ts';
import { lambdaPublicCache } from '#functions/edge/cloudfront.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp, lambdaRouter } from '#functions/http/app.ts';
import { apiGatewayClaims } from '#functions/http/auth.ts';
import { createCursors, cursorKey } from '#functions/http/cursor.ts';
import { createAgendaService } from '#functions/organizers/agenda-service.ts';
import { renderSubmissionView } from '#functions/pages/cfp-page.ts';
import { renderSpeakerPageView } from '#functions/pages/submission-pages.ts';
import { createTalkMaterials } from '#functions/releases/materials.ts';
import { createCfpApp } from './app.ts';

// In AWS the table's stream carries committed events and messages on: nothing to tell.
const stores = createStores(lambdaTable());
// The stack keeps the email HMAC key in Secrets Manager; EMAIL_HASH_KEY serves tests.
const emailHashKey =
  process.env.EMAIL_HASH_KEY ?? (await readSecret(requiredEnv('EMAIL_HASH_KEY_SECRET_ARN')));
const publicUrl = requiredEnv('PUBLIC_URL');
// A confirmed talk joins the organizers' draft through their agenda service (its edit, audited).
const publicCache = lambdaPublicCache();
const agendaService = createAgendaService(stores, () => new Date(), publicCache);
// A speaker's materials are published at once through the release use case.
const talkMaterials = createTalkMaterials(
  stores,
  agendaService.edit,
  () => new Date(),
  publicCache,
);
// A confirmed speaker's slot as the public reads it, live times included.
const published = createPublishedEditions({
  store: stores.editions,
  heads: stores.heads,
  releases: stores.agenda,
  live: stores.live,
});

export const handler = handle(
  createRootApp(
    [
      createCfpApp({
        ...stores,
        clock: () => new Date(),
        emailHashKey,
        publicUrl,
        // The admin routes sit behind API Gateway's Cognito authorizer.
        authenticate: apiGatewayClaims,
        // As the organizers' function: list cursors signed with a key derived from the email key.
        cursors: createCursors(cursorKey(emailHashKey)),
        draft: {
          read: async (year) => (await agendaService.loadDraft(year)).source,
          edit: agendaService.edit,
        },
        speakers: {
          submissions: stores.submissionSpeakers,
          published,
          editDraft: agendaService.edit,
          materials: talkMaterials,
          clock: () => new Date(),
          // The speakers' page posted without JavaScript is answered with pages.
          page: { render: renderSpeakerPageView, publicUrl },
        },
        // The call's form posted without JavaScript is answered with the pages context's pages.
        forms: { render: renderSubmissionView, publicUrl, formKeySecret: emailHashKey },
      }),
    ],
    { originCheck: lambdaOriginCheck(), router: lambdaRouter() },
  ),
);
