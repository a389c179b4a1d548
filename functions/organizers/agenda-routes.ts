import type { Context, Hono } from 'hono';
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
import type { EditionSource } from '#shared/edition/schema.ts';
import { type AgendaService, resourceEtag } from './agenda-service.ts';
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

/** Strips undefined fields zod/mini leaves for absent optional keys. */
const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

export function registerAgendaRoutes(app: Hono, service: AgendaService) {
  const ifMatch = (c: Context) => c.req.header('if-match');
  const respond = (
    c: Context,
    status: 200 | 201,
    resource: unknown,
    body: Record<string, unknown>,
  ) => {
    if (resource !== undefined) c.header('etag', resourceEtag(resource));
    return c.json(body, status);
  };

  app.get('/admin/editions/:year/draft', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const draft = await service.loadDraft(year);
    return c.json({
      revision: draft.revision ?? 0,
      source: draft.source,
      findings: lintAgenda(draft.source),
    });
  });

  // Speakers
  app.get('/admin/editions/:year/draft/speakers/:speakerId', async (c) => {
    const { year, speakerId } = pathOnly(c, speakerPath);
    const speaker = findSpeaker((await service.loadDraft(year)).source, speakerId);
    return respond(c, 200, speaker, { speaker });
  });

  app.post('/admin/editions/:year/draft/speakers', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const body = defined(parseRequestPart(speakerBody, await readJsonBody(c), 'body'));
    const { result, findings } = await service.edit({
      year,
      who: c.get('organizerId'),
      action: 'speaker.create',
      target: `speaker ${body.id ?? body.name}`,
      apply: (source) => {
        const [next, speaker] = addSpeaker(source, body);
        return { source: next, result: speaker, summary: `Added speaker ${speaker.id}` };
      },
    });
    return respond(c, 201, result, { speaker: result, findings });
  });

  app.put('/admin/editions/:year/draft/speakers/:speakerId', async (c) => {
    const { year, speakerId } = pathOnly(c, speakerPath);
    const body = defined(parseRequestPart(speakerReplacement, await readJsonBody(c), 'body'));
    const { result, findings } = await service.edit({
      year,
      who: c.get('organizerId'),
      action: 'speaker.update',
      target: `speaker ${speakerId}`,
      current: (source) => findSpeaker(source, speakerId),
      ifMatch: ifMatch(c),
      apply: (source) => {
        const [next, speaker] = replaceSpeaker(source, speakerId, body);
        return { source: next, result: speaker, summary: `Updated speaker ${speakerId}` };
      },
    });
    return respond(c, 200, result, { speaker: result, findings });
  });

  app.delete('/admin/editions/:year/draft/speakers/:speakerId', async (c) => {
    const { year, speakerId } = pathOnly(c, speakerPath);
    const { findings } = await service.edit({
      year,
      who: c.get('organizerId'),
      action: 'speaker.delete',
      target: `speaker ${speakerId}`,
      current: (source) => findSpeaker(source, speakerId),
      ifMatch: ifMatch(c),
      apply: (source) => ({
        source: deleteSpeaker(source, speakerId),
        result: null,
        summary: `Removed speaker ${speakerId} and took them off their talks`,
      }),
    });
    return respond(c, 200, undefined, { deleted: speakerId, findings });
  });

  // Talks
  app.get('/admin/editions/:year/draft/talks/:talkId', async (c) => {
    const { year, talkId } = pathOnly(c, talkPath);
    const talk = talkView((await service.loadDraft(year)).source, talkId);
    return respond(c, 200, talk, { talk });
  });

  app.post('/admin/editions/:year/draft/sessions/:sessionId/talks', async (c) => {
    const { year, sessionId } = pathOnly(c, sessionPath);
    const { abstract, duration, ...body } = defined(
      parseRequestPart(talkBody, await readJsonBody(c), 'body'),
    );
    const { result, findings } = await service.edit({
      year,
      who: c.get('organizerId'),
      action: 'talk.create',
      target: `talk in session ${sessionId}`,
      apply: (source) => {
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
    });
    return respond(c, 201, result, { talk: result, findings });
  });

  app.patch('/admin/editions/:year/draft/talks/:talkId', async (c) => {
    const { year, talkId } = pathOnly(c, talkPath);
    const patch = defined(parseRequestPart(talkPatch, await readJsonBody(c), 'body'));
    const { result, findings } = await service.edit({
      year,
      who: c.get('organizerId'),
      action: 'talk.update',
      target: `talk ${talkId}`,
      current: (source) => talkView(source, talkId),
      ifMatch: ifMatch(c),
      apply: (source) => {
        const next = updateTalk(source, talkId, patch);
        return {
          source: next,
          result: talkView(next, talkId),
          summary: `Changed ${Object.keys(patch).join(', ')} of talk ${talkId}`,
        };
      },
    });
    return respond(c, 200, result, { talk: result, findings });
  });

  app.delete('/admin/editions/:year/draft/talks/:talkId', async (c) => {
    const { year, talkId } = pathOnly(c, talkPath);
    const { findings } = await service.edit({
      year,
      who: c.get('organizerId'),
      action: 'talk.delete',
      target: `talk ${talkId}`,
      current: (source) => talkView(source, talkId),
      ifMatch: ifMatch(c),
      apply: (source) => ({
        source: deleteTalk(source, talkId),
        result: null,
        summary: `Removed talk ${talkId}`,
      }),
    });
    return respond(c, 200, undefined, { deleted: talkId, findings });
  });

  // Sessions and breaks
  app.get('/admin/editions/:year/draft/sessions/:sessionId', async (c) => {
    const { year, sessionId } = pathOnly(c, sessionPath);
    const session = findSession((await service.loadDraft(year)).source, sessionId);
    return respond(c, 200, session, { session });
  });

  app.patch('/admin/editions/:year/draft/sessions/:sessionId', async (c) => {
    const { year, sessionId } = pathOnly(c, sessionPath);
    const patch = defined(parseRequestPart(sessionPatch, await readJsonBody(c), 'body'));
    const { result, findings } = await service.edit({
      year,
      who: c.get('organizerId'),
      action: 'session.update',
      target: `session ${sessionId}`,
      current: (source) => findSession(source, sessionId),
      ifMatch: ifMatch(c),
      apply: (source) => {
        const next = updateSession(source, sessionId, patch);
        return {
          source: next,
          result: findSession(next, sessionId),
          summary: `Changed ${Object.keys(patch).join(', ')} of session ${sessionId}`,
        };
      },
    });
    return respond(c, 200, result, { session: result, findings });
  });

  app.get('/admin/editions/:year/draft/breaks/:breakId', async (c) => {
    const { year, breakId } = pathOnly(c, breakPath);
    const found = findBreak((await service.loadDraft(year)).source, breakId);
    return respond(c, 200, found, { break: found });
  });

  app.patch('/admin/editions/:year/draft/breaks/:breakId', async (c) => {
    const { year, breakId } = pathOnly(c, breakPath);
    const patch = defined(parseRequestPart(breakPatch, await readJsonBody(c), 'body'));
    const { result, findings } = await service.edit({
      year,
      who: c.get('organizerId'),
      action: 'break.update',
      target: `break ${breakId}`,
      current: (source) => findBreak(source, breakId),
      ifMatch: ifMatch(c),
      apply: (source) => {
        const next = updateBreak(source, breakId, patch);
        return {
          source: next,
          result: findBreak(next, breakId),
          summary: `Changed ${Object.keys(patch).join(', ')} of break ${breakId}`,
        };
      },
    });
    return respond(c, 200, result, { break: result, findings });
  });

  // Releases
  app.post('/admin/editions/:year/agenda/releases', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const body = defined(parseRequestPart(releaseBody, await readJsonBody(c), 'body'));
    const { release, findings } = await service.release(year, c.get('organizerId'), body);
    const { source: _source, ...summary } = release;
    return c.json({ release: summary, findings }, 201);
  });
}
