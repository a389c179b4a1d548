import { Ajv2020 } from 'ajv/dist/2020.js';
import ical, { type VEvent } from 'node-ical';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '#functions/docs/document.ts';
import { publicDescription } from '#functions/public/openapi.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * Organizers add slides and recordings after the event, as draft edits (If-Match, audit, release);
 * the public talk, agenda, page, schedule and calendar show them. On DynamoDB Local.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

beforeAll(async () => {
  api = await registrationApi(seedEdition());
});

const send: Api['organizer'] = (...request) => api.organizer(...request);

const TALK = 'runtime-container-runtimes-overview';
const DRAFT_TALK = `/admin/editions/2020/draft/talks/${TALK}`;
const SLIDES = {
  kind: 'slides',
  title: 'Slides (PDF)',
  url: 'https://slides.example/runtimes.pdf',
};
const RECORDING = { kind: 'recording', title: 'Recording', url: 'https://video.example/runtime' };

describe('materials through the organizer API', () => {
  it('refuses a URL that is not http or https with a 400 naming the field, changing nothing', async () => {
    const talk = await send('GET', DRAFT_TALK);
    for (const url of ['ftp://files.example/runtimes.pdf', 'javascript:alert(1)']) {
      const refused = await send(
        'PATCH',
        DRAFT_TALK,
        { materials: [{ ...SLIDES, url }] },
        { 'if-match': String(talk.etag) },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.type).toBe('/problems/invalid-request');
      expect(refused.body.errors).toEqual([
        {
          name: 'materials.0.url',
          in: 'body',
          detail: 'expected an http:// or https:// URL of at most 2048 characters',
        },
      ]);
    }
    const unknownKind = await send(
      'PATCH',
      DRAFT_TALK,
      { materials: [{ ...SLIDES, kind: 'poster' }] },
      { 'if-match': String(talk.etag) },
    );
    expect(unknownKind.status).toBe(400);
    expect((await send('GET', DRAFT_TALK)).etag).toBe(talk.etag);
  });

  it('needs If-Match (428) and the current one (412)', async () => {
    const talk = await send('GET', DRAFT_TALK);
    const missing = await send('PATCH', DRAFT_TALK, { materials: [SLIDES] });
    expect(missing.status).toBe(428);
    const stale = await send(
      'PATCH',
      DRAFT_TALK,
      { materials: [SLIDES] },
      { 'if-match': '"not-the-version"' },
    );
    expect(stale.status).toBe(412);
    expect((await send('GET', DRAFT_TALK)).etag).toBe(talk.etag);
  });

  it('adds slides to "Container Runtimes Overview", releases, and the public reads show them', async () => {
    const talk = await send('GET', DRAFT_TALK);
    const added = await send(
      'PATCH',
      DRAFT_TALK,
      { materials: [SLIDES] },
      { 'if-match': String(talk.etag) },
    );
    expect(added.status).toBe(200);
    expect(added.body.talk.materials).toEqual([{ id: 'slides-pdf', ...SLIDES }]);
    expect(added.etag).not.toBe(talk.etag);

    const session = await send('GET', '/admin/editions/2020/draft/sessions/runtime');
    const sessionEdit = await send(
      'PATCH',
      '/admin/editions/2020/draft/sessions/runtime',
      { materials: [RECORDING] },
      { 'if-match': String(session.etag) },
    );
    expect(sessionEdit.status).toBe(200);
    expect(sessionEdit.body.session.materials).toEqual([{ id: 'recording', ...RECORDING }]);

    // Not public before the release.
    expect((await send('GET', `/editions/2020/talks/${TALK}`)).body).not.toHaveProperty(
      'materials',
    );

    const released = await send('POST', '/admin/editions/2020/agenda/releases', {
      name: 'v2',
      comment: 'Slides and the recording of the runtime session.',
      force: { reason: 'The lunch overlap is known and accepted by the chairs.' },
    });
    expect(released.status).toBe(201);

    const expected = [{ id: 'slides-pdf', ...SLIDES }];
    expect((await send('GET', `/editions/2020/talks/${TALK}`)).body.materials).toEqual(expected);
    const talks = await send('GET', '/editions/2020/talks?session=runtime');
    expect(talks.body.items.find((item: { id: string }) => item.id === TALK).materials).toEqual(
      expected,
    );
    const agenda = await send('GET', '/editions/2020/agenda');
    expect(agenda.body.slots.find((slot: { id: string }) => slot.id === TALK).materials).toEqual(
      expected,
    );
    expect(
      agenda.body.sessions.find((entry: { id: string }) => entry.id === 'runtime').materials,
    ).toEqual([{ id: 'recording', ...RECORDING }]);

    const schedule = await send('GET', '/editions/2020/schedule.json');
    const event = schedule.body.schedule.conference.days[0].rooms['ISC High Performance'].find(
      (candidate: { slug: string }) => candidate.slug === `hpcw20-${TALK}`,
    );
    expect(event.links).toEqual([{ url: SLIDES.url, title: SLIDES.title }]);
    expect(event.attachments).toEqual([{ url: SLIDES.url, title: SLIDES.title }]);

    const calendar = await send('GET', '/editions/2020/agenda.ics');
    const events = Object.values(ical.sync.parseICS(calendar.text)).filter(
      (entry): entry is VEvent => entry?.type === 'VEVENT',
    );
    const overview = events.find((entry) => entry.summary === 'Container Runtimes Overview');
    expect(String((overview as unknown as { attach?: unknown }).attach)).toBe(SLIDES.url);

    const page = await send('GET', '/2020');
    expect(page.text).toContain(
      `<a href="${SLIDES.url}" rel="noopener" data-kind="slides">Slides (PDF)</a>`,
    );
  });

  it('answers as the OpenAPI document describes, materials included', async () => {
    const document = openApiDocument('http://localhost', [publicDescription]) as any;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    for (const [template, path] of [
      ['/editions/{year}/talks/{talkId}', `/editions/2020/talks/${TALK}`],
      ['/editions/{year}/talks', '/editions/2020/talks?session=runtime'],
      ['/editions/{year}/agenda', '/editions/2020/agenda'],
    ] as const) {
      const answer = await send('GET', path);
      const schema = document.paths[template].get.responses[200].content['application/json'].schema;
      ajv.validate(schema, answer.body);
      expect(ajv.errors ?? [], template).toEqual([]);
    }
    const talk =
      document.paths['/editions/{year}/talks/{talkId}'].get.responses[200].content[
        'application/json'
      ].schema;
    expect(talk.properties.materials.items.properties.kind.enum).toEqual([
      'slides',
      'video',
      'recording',
      'code',
      'other',
    ]);
  });

  it('records the edits in the audit trail', async () => {
    const audit = await send('GET', '/admin/editions/2020/audit');
    const summaries = audit.body.items.map((entry: { summary: string }) => entry.summary);
    expect(summaries).toContain(`Changed materials of talk ${TALK}`);
    expect(summaries).toContain('Changed materials of session runtime');
  });

  it('keeps material ids when one is renamed, and removes them with an empty list', async () => {
    const talk = await send('GET', DRAFT_TALK);
    const renamed = await send(
      'PATCH',
      DRAFT_TALK,
      { materials: [{ ...SLIDES, id: 'slides-pdf', title: 'Slides' }, RECORDING] },
      { 'if-match': String(talk.etag) },
    );
    expect(renamed.body.talk.materials.map((material: { id: string }) => material.id)).toEqual([
      'slides-pdf',
      'recording',
    ]);
    const removed = await send(
      'PATCH',
      DRAFT_TALK,
      { materials: [] },
      { 'if-match': String(renamed.etag) },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.talk).not.toHaveProperty('materials');
  });
});
