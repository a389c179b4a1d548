import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod/mini';
import { bearerToken } from '#functions/http/auth.ts';
import { personal } from '#functions/http/caching.ts';
import { defineRoute, serve } from '#functions/http/route.ts';
import { PayloadTooLargeError } from '#shared/errors.ts';
import type { CfpDependencies } from '../dependencies.ts';
import { mountSpeakerPage } from './forms.ts';
import {
  materialAnswer,
  materialBody,
  materialPath,
  SPEAKER_BODY_BYTES,
  speakerAnswer,
  speakerEditBody,
  speakerPath,
  submissionPath,
  talkAnswer,
} from './schemas.ts';
import { createSpeakerService } from './service.ts';

/**
 * Speakers' self-service with the submission's private link (Authorization: Bearer <token>):
 * their talk's slot, their entry in the speakers list, their materials. Every answer is personal.
 */

const TAG = 'Speakers';
const SECURITY = 'submissionToken';

export const speakerRoutes = {
  talk: defineRoute({
    method: 'get',
    path: '/editions/{year}/submissions/{id}/talk',
    params: submissionPath,
    docs: WITH_ROUTE_DOCS && {
      tag: TAG,
      summary:
        'The talk a confirmed submission became, as published: its slot (with live times on the workshop day) and materials; null before it is confirmed and released',
      security: SECURITY,
      success: { status: 200, description: 'The talk, or null', schema: talkAnswer },
      problems: [400, 404],
    },
  }),
  editSpeaker: defineRoute({
    method: 'patch',
    path: '/editions/{year}/submissions/{id}/speakers/{personId}',
    params: speakerPath,
    body: speakerEditBody,
    docs: WITH_ROUTE_DOCS && {
      tag: TAG,
      summary:
        'A speaker of a confirmed submission changes their name as shown, affiliation or bio (an empty bio removes it): the draft’s speaker entry and the submission change; the public speakers list with the organizers’ next release',
      security: SECURITY,
      example: { affiliation: 'Analytical Engines Ltd', bio: 'Works on container runtimes.' },
      success: {
        status: 200,
        description: 'The speaker as the submission keeps them',
        schema: speakerAnswer,
      },
      problems: [400, 404, 409, 413, 415],
    },
  }),
  addMaterial: defineRoute({
    method: 'post',
    path: '/editions/{year}/submissions/{id}/materials',
    params: submissionPath,
    body: materialBody,
    docs: WITH_ROUTE_DOCS && {
      tag: TAG,
      summary:
        'Add a material (slides, video, recording, code, other; http or https) to one’s confirmed and released talk: published at once as a release of its own (origin "speaker", in the changes feed), and kept in the draft',
      description:
        'Any time after confirmation (typically after the workshop day). The same kind and URL again is the same material. 409 while the talk is not in the published agenda yet.',
      security: SECURITY,
      example: {
        kind: 'slides',
        title: 'Slides (PDF)',
        url: 'https://slides.example/runtimes.pdf',
      },
      success: { status: 201, description: 'The material, public now', schema: materialAnswer },
      problems: [400, 404, 409, 413, 415],
    },
  }),
  removeMaterial: defineRoute({
    method: 'delete',
    path: '/editions/{year}/submissions/{id}/materials/{materialId}',
    params: materialPath,
    docs: WITH_ROUTE_DOCS && {
      tag: TAG,
      summary:
        'Remove a material from one’s released talk: published at once as a release of its own, and taken out of the draft',
      security: SECURITY,
      success: {
        status: 200,
        description: 'The id of the material removed',
        schema: z.object({ deleted: z.string() }),
      },
      problems: [400, 404, 409],
    },
  }),
};

const limited = bodyLimit({
  maxSize: SPEAKER_BODY_BYTES,
  onError: () => {
    throw new PayloadTooLargeError(`A request here is at most ${SPEAKER_BODY_BYTES} bytes.`);
  },
});

/** The speakers routes of the call for papers: a confirmed submission's speakers keep their talk. */
export function registerSpeakerRoutes(app: Hono, dependencies: CfpDependencies): void {
  const service = createSpeakerService(dependencies.speakers);
  if (dependencies.speakers.page) mountSpeakerPage(app, service, dependencies.speakers.page);

  serve(app, speakerRoutes.talk, async (c, { params: { year, id } }) => {
    const { talk } = await service.talk(year, id, bearerToken(c));
    return personal(c, { talk });
  });

  serve(app, speakerRoutes.editSpeaker, limited, async (c, { params, body }) => {
    const { year, id, personId } = params;
    const edit = await body();
    return personal(c, await service.editSpeaker(year, id, bearerToken(c), personId, edit));
  });

  serve(app, speakerRoutes.addMaterial, limited, async (c, { params: { year, id }, body }) => {
    const material = await service.addMaterial(year, id, bearerToken(c), await body());
    return personal(c, material, 201);
  });

  serve(app, speakerRoutes.removeMaterial, async (c, { params }) => {
    const { year, id, materialId } = params;
    const removed = await service.removeMaterial(year, id, bearerToken(c), materialId);
    return personal(c, { deleted: removed.id });
  });
}
