import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { ifMatchVersions } from '#functions/http/caching.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath, readJsonBody } from '#functions/http/validate.ts';
import { entryId } from '#shared/agenda/ids.ts';
import { lintAgenda } from '#shared/agenda/lint.ts';
import {
  addSpeaker,
  addTalk,
  deleteSpeaker,
  deleteTalk,
  findBreak,
  findSession,
  findSpeaker,
  findTalk,
  replaceSpeaker,
  updateBreak,
  updateSession,
  updateTalk,
} from '#shared/draft/edits.ts';
import { resourceVersion } from '#shared/draft/versions.ts';
import { withKeptOnlineUrls } from '#shared/edition/online.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { InvalidRequestError } from '#shared/errors.ts';
import type { AgendaService } from '../agenda-service.ts';
import { draftAnswer, releaseAnswer } from '../openapi/answers.ts';
import { EDITION_SOURCE_EXAMPLE } from '../openapi/edition-example.ts';
import { organizerRoute } from '../openapi/organizer-route.ts';
import {
  breakPatch,
  breakPath,
  releaseBody,
  sessionPatch,
  sessionPath,
  speakerBody,
  speakerPath,
  speakerReplacement,
  talkBody,
  talkPatch,
  talkPath,
} from '../schemas.ts';
import { defined, draftEdit, draftPost, draftRead, draftResource } from './draft-resource.ts';

/** Organizer routes that edit the draft and release it (under /admin, behind the organizer check). */

const talkView = (source: EditionSource, talkId: string) => {
  const { session, item } = findTalk(source, talkId);
  return { ...item, id: talkId, sessionId: entryId(session) };
};

const changed = (patch: object) => Object.keys(patch).join(', ');

const speakers = draftResource('speakers', 'speakerId', 'speaker', speakerPath);
const talks = draftResource('talks', 'talkId', 'talk', talkPath);
const sessions = draftResource('sessions', 'sessionId', 'session', sessionPath);
const breaks = draftResource('breaks', 'breakId', 'break', breakPath);

/** Each route declared once: served below with these schemas, documented by /openapi.json. */
export const agendaRoutes = {
  draft: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/draft',
    params: editionPath,
    docs: WITH_ROUTE_DOCS && {
      summary: 'The draft (the next release) with its lint findings',
      success: { status: 200, description: 'The draft', schema: draftAnswer },
      problems: [400, 401, 403, 404],
    },
  }),
  replaceDraft: organizerRoute({
    method: 'put',
    path: '/admin/editions/{year}/draft',
    params: editionPath,
    // Documented only: the handler checks the body as an edition file is checked.
    body: z.looseObject({}).register(z.globalRegistry, {
      description:
        "An edition source, validated as an edition file is (each problem named by its path, e.g. agenda[3].duration); its year must be the path's.",
    }),
    docs: WITH_ROUTE_DOCS && {
      summary:
        'Replace the whole draft with an edition source (the edition file as JSON, editions/edition.schema.json); its join URLs are kept apart and released with the next release (an omitted stream URL keeps the draft’s: GET …/draft shows none), the draft keeps none',
      headers: [
        {
          name: 'If-Match',
          description: 'The ETag of the draft as you read it (GET …/draft).',
          schema: z.string(),
        },
      ],
      example: EDITION_SOURCE_EXAMPLE,
      success: {
        status: 200,
        description: 'The new draft (ETag) with its lint findings',
        schema: draftAnswer,
      },
      problems: [400, 401, 403, 404, 412, 413, 415, 428],
    },
  }),
  speaker: speakers.read(),
  addSpeaker: speakers.create(speakerBody, {
    id: 'ada-lovelace',
    name: 'Ada Lovelace',
    affiliation: 'Analytical Engines',
  }),
  replaceSpeaker: speakers.replace(speakerReplacement, {
    name: 'Ada Lovelace',
    affiliation: 'Difference Engines',
  }),
  removeSpeaker: speakers.remove(),
  talk: talks.read(),
  changeTalk: talks.patch(
    talkPatch,
    {
      title: 'Container Runtimes Overview',
      duration: 20,
      materials: [
        { kind: 'slides', title: 'Slides (PDF)', url: 'https://example.org/runtimes.pdf' },
      ],
    },
    'title, abstract, duration, kind, speakers, materials; move it',
  ),
  removeTalk: talks.remove(),
  addTalk: draftPost(
    '/admin/editions/{year}/draft/sessions/{sessionId}/talks',
    'talk',
    sessionPath,
    talkBody,
    { title: 'The podman runtime', kind: 'talk', duration: 10, speakers: ['ada-lovelace'] },
  ),
  session: sessions.read(),
  changeSession: sessions.patch(
    sessionPatch,
    { title: 'RUNTIME', duration: 90, at: '17:00' },
    'title, duration, segment, materials',
  ),
  break: breaks.read(),
  changeBreak: breaks.patch(breakPatch, { at: '11:00', duration: 30 }),
  release: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/agenda/releases',
    params: editionPath,
    body: releaseBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Release the draft: the public agenda and exports switch to it',
      example: { name: 'v2', comment: 'Slides of the runtime session; the podman talk moved.' },
      success: {
        status: 201,
        description:
          'The release, and whether it changed the join URL (the draft’s URLs are released with it): then each confirmed registrant is mailed the new link, and the audit log says so. When it moves a talk’s day, time or place, or switches in person / online, each confirmed and waiting registrant is mailed one summary with the updated calendar instead (the new link in it for the confirmed), unless `notify` is false; `notified` counts them',
        schema: releaseAnswer,
      },
      problems: [400, 401, 403, 404, 409, 415],
    },
  }),
};

export function registerAgendaRoutes(app: Hono, service: AgendaService) {
  serve(app, agendaRoutes.draft, async (c, { params: { year } }) => {
    const { revision, source } = await service.loadDraft(year);
    c.header('etag', `"${resourceVersion(source)}"`);
    return c.json({ revision: revision ?? 0, source, findings: lintAgenda(source) });
  });

  // The whole draft replaced by an edition source (what `npm run edition -- release` sends).
  serve(app, agendaRoutes.replaceDraft, async (c, { params: { year } }) => {
    // The whole edition schema (full zod) loads only when a whole draft is replaced: the other
    // organizer routes validate with zod/mini and start without it.
    const { validateEditionSource } = await import('#shared/edition/parse.ts');
    // GET …/draft answers no stream URL: sent back, an omitted one is the draft's, unchanged.
    const body = withKeptOnlineUrls(await readJsonBody(c), await service.draftOnlineAccess(year));
    const checked = validateEditionSource(body);
    if (checked.problems) {
      throw new InvalidRequestError(
        checked.problems.map(({ path, message }) => ({ name: path, in: 'body', detail: message })),
      );
    }
    const { result, revision, findings } = await service.replaceDraft(
      year,
      c.get('organizerId'),
      checked.source,
      ifMatchVersions(c.req.header('if-match')),
    );
    c.header('etag', `"${resourceVersion(result)}"`);
    return c.json({ revision, source: result, findings });
  });

  draftRead(app, service, agendaRoutes.speaker, {
    answer: 'speaker',
    find: (source, { speakerId }) => findSpeaker(source, speakerId),
  });
  draftEdit(app, service, agendaRoutes.addSpeaker, {
    action: 'speaker.create',
    target: (_, body) => `speaker ${body.id ?? body.name}`,
    apply: (source, _, body) => {
      const [next, added] = addSpeaker(source, body);
      return { source: next, result: added, summary: `Added speaker ${added.id}` };
    },
    answer: { resource: 'speaker' },
  });
  draftEdit(app, service, agendaRoutes.replaceSpeaker, {
    action: 'speaker.update',
    target: ({ speakerId }) => `speaker ${speakerId}`,
    current: (source, { speakerId }) => findSpeaker(source, speakerId),
    apply: (source, { speakerId }, body) => {
      const [next, replaced] = replaceSpeaker(source, speakerId, body);
      return { source: next, result: replaced, summary: `Updated speaker ${speakerId}` };
    },
    answer: { resource: 'speaker' },
  });
  draftEdit(app, service, agendaRoutes.removeSpeaker, {
    action: 'speaker.delete',
    target: ({ speakerId }) => `speaker ${speakerId}`,
    current: (source, { speakerId }) => findSpeaker(source, speakerId),
    apply: (source, { speakerId }) => ({
      source: deleteSpeaker(source, speakerId),
      result: null,
      summary: `Removed speaker ${speakerId} and took them off their talks`,
    }),
    answer: { deleted: ({ speakerId }) => speakerId },
  });

  draftRead(app, service, agendaRoutes.talk, {
    answer: 'talk',
    find: (source, { talkId }) => talkView(source, talkId),
  });
  draftEdit(app, service, agendaRoutes.addTalk, {
    action: 'talk.create',
    target: ({ sessionId }) => `talk in session ${sessionId}`,
    apply: (source, { sessionId }, { abstract, duration, ...body }) => {
      const [next, talkId] = addTalk(source, sessionId, {
        ...body,
        ...(abstract === null ? {} : { abstract }),
        ...(duration === null ? {} : { duration }),
      });
      return {
        source: next,
        result: talkView(next, talkId),
        summary: `Added talk ${talkId} to ${sessionId}`,
      };
    },
    answer: { resource: 'talk' },
  });
  draftEdit(app, service, agendaRoutes.changeTalk, {
    action: 'talk.update',
    target: ({ talkId }) => `talk ${talkId}`,
    current: (source, { talkId }) => talkView(source, talkId),
    apply: (source, { talkId }, patch) => {
      const next = updateTalk(source, talkId, patch);
      const summary = `Changed ${changed(patch)} of talk ${talkId}`;
      return { source: next, result: talkView(next, talkId), summary };
    },
    answer: { resource: 'talk' },
  });
  draftEdit(app, service, agendaRoutes.removeTalk, {
    action: 'talk.delete',
    target: ({ talkId }) => `talk ${talkId}`,
    current: (source, { talkId }) => talkView(source, talkId),
    apply: (source, { talkId }) => ({
      source: deleteTalk(source, talkId),
      result: null,
      summary: `Removed talk ${talkId}`,
    }),
    answer: { deleted: ({ talkId }) => talkId },
  });

  draftRead(app, service, agendaRoutes.session, {
    answer: 'session',
    find: (source, { sessionId }) => findSession(source, sessionId),
  });
  draftEdit(app, service, agendaRoutes.changeSession, {
    action: 'session.update',
    target: ({ sessionId }) => `session ${sessionId}`,
    current: (source, { sessionId }) => findSession(source, sessionId),
    apply: (source, { sessionId }, patch) => {
      const next = updateSession(source, sessionId, patch);
      const summary = `Changed ${changed(patch)} of session ${sessionId}`;
      return { source: next, result: findSession(next, sessionId), summary };
    },
    answer: { resource: 'session' },
  });

  draftRead(app, service, agendaRoutes.break, {
    answer: 'break',
    find: (source, { breakId }) => findBreak(source, breakId),
  });
  draftEdit(app, service, agendaRoutes.changeBreak, {
    action: 'break.update',
    target: ({ breakId }) => `break ${breakId}`,
    current: (source, { breakId }) => findBreak(source, breakId),
    apply: (source, { breakId }, patch) => {
      const next = updateBreak(source, breakId, patch);
      const summary = `Changed ${changed(patch)} of break ${breakId}`;
      return { source: next, result: findBreak(next, breakId), summary };
    },
    answer: { resource: 'break' },
  });

  serve(app, agendaRoutes.release, async (c, input) => {
    const { year } = input.params;
    const body = defined(await input.body());
    const { release, ...outcome } = await service.release(year, c.get('organizerId'), body);
    const { source: _source, ...summary } = release;
    return c.json({ release: summary, ...outcome }, 201);
  });
}
