import { beforeAll, describe, expect, it } from 'vitest';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * Organizers edit the draft and release it; the public agenda, the exports and the changes feed
 * follow the release. On DynamoDB Local, through the whole API.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

beforeAll(async () => {
  api = await registrationApi(seedEdition());
});

const send: Api['organizer'] = (...request) => api.organizer(...request);

const TALK = 'runtime-container-runtimes-overview';

describe('editing the draft and releasing it', () => {
  it('starts from release 1, the edition file', async () => {
    const releases = await send('GET', '/editions/2020/agenda/releases');
    expect(releases.body.items).toEqual([
      expect.objectContaining({ number: 1, name: 'initial', origin: 'file', forced: false }),
    ]);
  });

  it('adds a speaker to "Container Runtimes Overview", releases version 2, and clients see it', async () => {
    const created = await send('POST', '/admin/editions/2020/draft/speakers', {
      name: 'Ada Lovelace',
      affiliation: 'Analytical Engines',
    });
    expect(created.status).toBe(201);
    expect(created.body.speaker).toEqual({
      id: 'ada-lovelace',
      name: 'Ada Lovelace',
      affiliation: 'Analytical Engines',
    });
    expect(created.etag).toMatch(/^"/);

    const talk = await send('GET', `/admin/editions/2020/draft/talks/${TALK}`);
    const assigned = await send(
      'PATCH',
      `/admin/editions/2020/draft/talks/${TALK}`,
      { speakers: ['ada-lovelace'] },
      { 'if-match': String(talk.etag) },
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body.talk).toMatchObject({
      id: TALK,
      speakers: ['ada-lovelace'],
      sessionId: 'runtime',
    });
    expect(assigned.body.findings.map((finding: { code: string }) => finding.code)).toEqual([
      'OVERRUNS_FIXED_TIME',
    ]);

    // Not public before the release.
    const before = await send('GET', `/editions/2020/talks/${TALK}`);
    expect(before.body.speakerIds).toEqual([]);

    const blocked = await send('POST', '/admin/editions/2020/agenda/releases', {
      name: 'v2',
      comment: 'Speakers',
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.type).toBe('/problems/release-has-lint-errors');
    expect(blocked.body.findings[0].code).toBe('OVERRUNS_FIXED_TIME');

    const released = await send('POST', '/admin/editions/2020/agenda/releases', {
      name: 'v2',
      comment: 'Ada Lovelace speaks on container runtimes.',
      force: { reason: 'The lunch overlap is known and accepted by the chairs.' },
    });
    expect(released.status).toBe(201);
    expect(released.body.release).toMatchObject({
      number: 2,
      name: 'v2',
      origin: 'api',
      forced: true,
    });

    const publicTalk = await send('GET', `/editions/2020/talks/${TALK}`);
    expect(publicTalk.body.speakerIds).toEqual(['ada-lovelace']);
    const speakers = await send('GET', '/editions/2020/speakers');
    expect(speakers.body.items).toEqual([
      expect.objectContaining({ id: 'ada-lovelace', talkIds: [TALK] }),
    ]);
    const schedule = await send('GET', '/editions/2020/schedule.json');
    const events = schedule.body.schedule.conference.days[0].rooms['ISC High Performance'];
    expect(
      events.find((event: { slug: string }) => event.slug === `hpcw20-${TALK}`).persons[0].name,
    ).toBe('Ada Lovelace');
    const calendar = await (await api.app.request('/editions/2020/agenda.ics')).text();
    expect(calendar).toContain('Speakers: Ada Lovelace');

    const changes = await send('GET', '/editions/2020/agenda/changes');
    expect(changes.body).toMatchObject({
      from: 1,
      to: 2,
      added: [],
      removed: [],
      moved: [],
      renamed: [],
    });
    expect(changes.body.speakersChanged).toEqual([
      { id: TALK, title: 'Container Runtimes Overview', from: [], to: ['ada-lovelace'] },
    ]);
    const releases = await send('GET', '/editions/2020/agenda/releases');
    expect(releases.body.items[0]).toMatchObject({
      number: 2,
      comment: 'Ada Lovelace speaks on container runtimes.',
      forceReason: 'The lunch overlap is known and accepted by the chairs.',
    });
  });

  it('refuses a stale If-Match with 412 and a missing one with 428', async () => {
    const first = await send('GET', '/admin/editions/2020/draft/sessions/security');
    const changed = await send(
      'PATCH',
      '/admin/editions/2020/draft/sessions/security',
      { duration: 45 },
      { 'if-match': String(first.etag) },
    );
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    const stale = await send(
      'PATCH',
      '/admin/editions/2020/draft/sessions/security',
      { duration: 30 },
      { 'if-match': String(first.etag) },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.type).toBe('/problems/precondition-failed');
    const missing = await send('PATCH', '/admin/editions/2020/draft/sessions/security', {
      duration: 30,
    });
    expect(missing.status).toBe(428);
    // A weak validator is not enough to write: the strong comparison refuses it.
    const current = await send('GET', '/admin/editions/2020/draft/sessions/security');
    const weak = await send(
      'PATCH',
      '/admin/editions/2020/draft/sessions/security',
      { duration: 30 },
      { 'if-match': `W/${String(current.etag)}` },
    );
    expect(weak.status).toBe(412);
  });

  it('reports what an edit does to the timing, and renames keep ids across releases', async () => {
    const session = await send('GET', '/admin/editions/2020/draft/sessions/security');
    // Back to 30 minutes: the morning overrun of the seed comes back to 30 minutes exactly.
    const back = await send(
      'PATCH',
      '/admin/editions/2020/draft/sessions/security',
      { duration: 30 },
      { 'if-match': String(session.etag) },
    );
    expect(back.body.findings).toEqual([
      expect.objectContaining({ code: 'OVERRUNS_FIXED_TIME', minutes: 30 }),
    ]);
    const lunch = await send('GET', '/admin/editions/2020/draft/breaks/lunch-break-1300');
    const later = await send(
      'PATCH',
      '/admin/editions/2020/draft/breaks/lunch-break-1300',
      { at: '13:30', duration: 60 },
      { 'if-match': String(lunch.etag) },
    );
    expect(later.body.findings).toEqual([]);

    const talk = await send('GET', '/admin/editions/2020/draft/talks/security-security-at-scale');
    await send(
      'PATCH',
      '/admin/editions/2020/draft/talks/security-security-at-scale',
      { title: 'Security at Exascale' },
      { 'if-match': String(talk.etag) },
    );
    const released = await send('POST', '/admin/editions/2020/agenda/releases', {
      name: 'v3',
      comment: 'Lunch at 13:30; a new title.',
    });
    expect(released.status).toBe(201);
    expect((await send('GET', '/editions/2020/talks/security-security-at-scale')).body.title).toBe(
      'Security at Exascale',
    );
    const changes = await send('GET', '/editions/2020/agenda/changes?from=2&to=3');
    expect(changes.body.renamed).toEqual([
      { id: 'security-security-at-scale', from: 'Security at Scale', to: 'Security at Exascale' },
    ]);
    expect(changes.body.moved.map((move: { id: string }) => move.id)).toContain('lunch-break-1300');
    const lint = (await send('GET', '/admin/editions/2020/draft')).body.findings;
    expect(lint).toEqual([]);
  });

  it('adds, moves and removes talks, and records who did what', async () => {
    const added = await send('POST', '/admin/editions/2020/draft/sessions/use-cases/talks', {
      title: 'Containers at the Edge',
      duration: 10,
      position: 1,
    });
    expect(added.status).toBe(201);
    expect(added.body.talk).toMatchObject({
      id: 'use-cases-containers-at-the-edge',
      sessionId: 'use-cases',
      duration: 10,
    });
    const moved = await send(
      'PATCH',
      '/admin/editions/2020/draft/talks/use-cases-containers-at-the-edge',
      { sessionId: 'future-directions', position: 0 },
      { 'if-match': String(added.etag) },
    );
    expect(moved.body.talk.sessionId).toBe('future-directions');
    const removed = await send(
      'DELETE',
      '/admin/editions/2020/draft/talks/use-cases-containers-at-the-edge',
      undefined,
      { 'if-match': String(moved.etag) },
    );
    expect(removed.body.deleted).toBe('use-cases-containers-at-the-edge');

    const audit = await send('GET', '/admin/editions/2020/audit?limit=3');
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'talk.delete',
      'talk.update',
      'talk.create',
    ]);
    expect(audit.body.items[0]).toMatchObject({
      who: 'test',
      target: 'talk use-cases-containers-at-the-edge',
    });
    expect(audit.body.nextCursor).toBeTruthy();
  });

  it('refuses unknown fields, unknown speakers and a session left empty', async () => {
    expect(
      (await send('POST', '/admin/editions/2020/draft/speakers', { name: 'X', twitter: '@x' }))
        .status,
    ).toBe(400);
    const talk = await send(
      'GET',
      '/admin/editions/2020/draft/talks/orchestration-2-panel-discussion',
    );
    const unknownSpeaker = await send(
      'PATCH',
      '/admin/editions/2020/draft/talks/orchestration-2-panel-discussion',
      { speakers: ['nobody'] },
      { 'if-match': String(talk.etag) },
    );
    expect(unknownSpeaker.status).toBe(400);
    expect(unknownSpeaker.body.errors[0].name).toBe('speakers');
    const intro = await send('GET', '/admin/editions/2020/draft/talks/intro-workshop-introduction');
    await send(
      'DELETE',
      '/admin/editions/2020/draft/talks/intro-workshop-introduction',
      undefined,
      { 'if-match': String(intro.etag) },
    );
    const last = await send('GET', '/admin/editions/2020/draft/talks/intro-speaker-introductions');
    const lastRemoved = await send(
      'DELETE',
      '/admin/editions/2020/draft/talks/intro-speaker-introductions',
      undefined,
      { 'if-match': String(last.etag) },
    );
    expect(lastRemoved.status).toBe(409);
  });

  it('refuses an organizer body over 256 KB with 413', async () => {
    const huge = await send('POST', '/admin/editions/2020/draft/speakers', {
      name: 'X',
      bio: 'x'.repeat(300 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.type).toBe('/problems/payload-too-large');
  });

  it('needs an organizer', async () => {
    const response = await api.app.request('/admin/editions/2020/draft');
    expect(response.status).toBe(401);
  });

  it('leaves an edition released through the API alone when the file is deployed again', async () => {
    const outcome = await publishEditionFile(api.stores, seedEdition(), new Date());
    expect(outcome.release).toBeNull();
    expect((await send('GET', `/editions/2020/talks/${TALK}`)).body.speakerIds).toEqual([
      'ada-lovelace',
    ]);
  });
});
