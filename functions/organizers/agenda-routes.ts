import type { Hono } from 'hono';
import { ifMatchVersions } from '#functions/http/caching.ts';
import { editionPath, parseRequestPart, pathOnly, readJsonBody } from '#functions/http/validate.ts';
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
import type { AgendaService } from './agenda-service.ts';
import { defined, draftEdit, draftRead } from './draft-routes.ts';
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
} from './schemas.ts';

/** Organizer routes that edit the draft and release it (under /admin, behind the organizer check). */

const talkView = (source: EditionSource, talkId: string) => {
  const { session, item } = findTalk(source, talkId);
  return { ...item, id: talkId, sessionId: entryId(session) };
};

const changed = (patch: object) => Object.keys(patch).join(', ');

export function registerAgendaRoutes(app: Hono, service: AgendaService) {
  const draft = '/admin/editions/:year/draft';

  app.get(draft, async (c) => {
    const { year } = pathOnly(c, editionPath);
    const { revision, source } = await service.loadDraft(year);
    c.header('etag', `"${resourceVersion(source)}"`);
    return c.json({ revision: revision ?? 0, source, findings: lintAgenda(source) });
  });

  // The whole draft replaced by an edition source (what `npm run edition -- release` sends).
  app.put(draft, async (c) => {
    const { year } = pathOnly(c, editionPath);
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

  const speaker = `${draft}/speakers/:speakerId`;
  draftRead(app, service, {
    path: speaker,
    params: speakerPath,
    answer: 'speaker',
    find: (source, { speakerId }) => findSpeaker(source, speakerId),
  });
  draftEdit(app, service, {
    method: 'POST',
    path: `${draft}/speakers`,
    params: editionPath,
    body: speakerBody,
    action: 'speaker.create',
    target: (_, body) => `speaker ${body.id ?? body.name}`,
    apply: (source, _, body) => {
      const [next, added] = addSpeaker(source, body);
      return { source: next, result: added, summary: `Added speaker ${added.id}` };
    },
    answer: { resource: 'speaker' },
  });
  draftEdit(app, service, {
    method: 'PUT',
    path: speaker,
    params: speakerPath,
    body: speakerReplacement,
    action: 'speaker.update',
    target: ({ speakerId }) => `speaker ${speakerId}`,
    current: (source, { speakerId }) => findSpeaker(source, speakerId),
    apply: (source, { speakerId }, body) => {
      const [next, replaced] = replaceSpeaker(source, speakerId, body);
      return { source: next, result: replaced, summary: `Updated speaker ${speakerId}` };
    },
    answer: { resource: 'speaker' },
  });
  draftEdit(app, service, {
    method: 'DELETE',
    path: speaker,
    params: speakerPath,
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

  const talk = `${draft}/talks/:talkId`;
  draftRead(app, service, {
    path: talk,
    params: talkPath,
    answer: 'talk',
    find: (source, { talkId }) => talkView(source, talkId),
  });
  draftEdit(app, service, {
    method: 'POST',
    path: `${draft}/sessions/:sessionId/talks`,
    params: sessionPath,
    body: talkBody,
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
  draftEdit(app, service, {
    method: 'PATCH',
    path: talk,
    params: talkPath,
    body: talkPatch,
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
  draftEdit(app, service, {
    method: 'DELETE',
    path: talk,
    params: talkPath,
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

  const session = `${draft}/sessions/:sessionId`;
  draftRead(app, service, {
    path: session,
    params: sessionPath,
    answer: 'session',
    find: (source, { sessionId }) => findSession(source, sessionId),
  });
  draftEdit(app, service, {
    method: 'PATCH',
    path: session,
    params: sessionPath,
    body: sessionPatch,
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

  const breakItem = `${draft}/breaks/:breakId`;
  draftRead(app, service, {
    path: breakItem,
    params: breakPath,
    answer: 'break',
    find: (source, { breakId }) => findBreak(source, breakId),
  });
  draftEdit(app, service, {
    method: 'PATCH',
    path: breakItem,
    params: breakPath,
    body: breakPatch,
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

  app.post('/admin/editions/:year/agenda/releases', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const body = defined(parseRequestPart(releaseBody, await readJsonBody(c), 'body'));
    const { release, findings, joinUrl, notified } = await service.release(
      year,
      c.get('organizerId'),
      body,
    );
    const { source: _source, ...summary } = release;
    return c.json({ release: summary, findings, joinUrl, notified }, 201);
  });
}
