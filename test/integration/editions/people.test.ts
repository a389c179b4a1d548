import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ical, { type VEvent } from 'node-ical';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '#functions/docs/document.ts';
import { publicDescription } from '#functions/public/openapi.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { parseEditionFile } from '#shared/edition/parse.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * One person across two editions (Docker in the 2019 hall example, AWS in the real 2020), served by
 * person id; and the one-day edition with fixed slot times and slides, served and exported. On
 * DynamoDB Local.
 */

const read = (path: string): EditionSource =>
  parseEditionFile(path, readFileSync(join(process.cwd(), path), 'utf8'));
const HALL = read('test/fixtures/hpcw-hall-example.yaml');
const ONLINE_2020 = read('editions/history/hpcw-2020-online.yaml');

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
const get = (path: string) => api.organizer('GET', path);

beforeAll(async () => {
  api = await registrationApi(HALL);
  await publishEditionFile(api.stores, ONLINE_2020, new Date('2020-06-01T10:00:00Z'));
});

describe('a person across editions', () => {
  it('lists every edition they spoke at, newest first, with that year’s affiliation and talks', async () => {
    const person = await get('/speakers/christian-kniep');
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ id: 'christian-kniep', name: 'Christian Kniep' });
    expect(person.body.affiliation).toBe('AWS');
    expect(
      person.body.editions.map((edition: { year: number; affiliation: string }) => [
        edition.year,
        edition.affiliation,
      ]),
    ).toEqual([
      [2020, 'AWS'],
      [2019, 'Docker'],
    ]);
    const [in2020, in2019] = person.body.editions;
    expect(in2020.talks.length).toBe(6);
    expect(in2020.talks.every((talk: { title: string }) => /Introduction/.test(talk.title))).toBe(
      true,
    );
    expect(
      in2019.talks.map((talk: { kind: string; start: string }) => [talk.kind, talk.start]),
    ).toEqual([
      ['intro', '2019-06-20T09:00:00+02:00'],
      ['keynote', '2019-06-20T09:40:00+02:00'],
    ]);
    expect(in2019.talks[1].materials).toEqual([
      {
        id: 'slides-pdf',
        kind: 'slides',
        title: 'Slides (PDF)',
        url: 'https://example.org/hpcw19/keynote.pdf',
      },
    ]);
  });

  it('keeps one edition’s speaker endpoints as they were', async () => {
    const speaker = await get('/editions/2019/speakers/christian-kniep');
    expect(speaker.status).toBe(200);
    expect(speaker.body).toMatchObject({ affiliation: 'Docker', talkIds: expect.any(Array) });
    const speakers = await get('/editions/2020/speakers');
    expect(speakers.body.items.map((item: { id: string }) => item.id)).toContain('andrew-young');
  });

  it('answers as the OpenAPI document describes, with ETag and 304', async () => {
    const document = openApiDocument('http://localhost', [publicDescription]) as any;
    const schema =
      document.paths['/speakers/{personId}'].get.responses[200].content['application/json'].schema;
    const response = await api.app.request('/speakers/christian-kniep');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.validate(schema, await response.json());
    expect(ajv.errors ?? []).toEqual([]);
    const etag = response.headers.get('etag') as string;
    const again = await api.app.request('/speakers/christian-kniep', {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('answers 404 for a person in no edition and 400 naming the path for a bad id', async () => {
    const missing = await get('/speakers/nobody-at-all');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain('nobody-at-all');
    for (const id of ['Upper', 'x'.repeat(500), '%00', 'a%2Fb', 'a%20b', '%F0%9F%92%A5']) {
      const bad = await get(`/speakers/${id}`);
      expect(bad.status, id).toBe(400);
      expect(bad.body.errors[0]).toMatchObject({ name: 'personId', in: 'path' });
    }
  });

  it('follows releases: a person taken off an edition no longer lists it', async () => {
    const draft = await get('/admin/editions/2019/draft');
    const source = structuredClone(draft.body.source);
    source.speakers = source.speakers.filter(
      (speaker: { id: string }) => speaker.id !== 'christian-kniep',
    );
    for (const entry of source.agenda) {
      for (const item of entry.items ?? []) {
        item.speakers = item.speakers?.filter((id: string) => id !== 'christian-kniep');
      }
    }
    const replaced = await api.organizer('PUT', '/admin/editions/2019/draft', source, {
      'if-match': String(draft.etag),
    });
    expect(replaced.status).toBe(200);
    const released = await api.organizer('POST', '/admin/editions/2019/agenda/releases', {
      name: 'v2',
      comment: 'The keynote speaker changed.',
    });
    expect(released.status).toBe(201);
    const person = await get('/speakers/christian-kniep');
    expect(person.body.editions.map((edition: { year: number }) => edition.year)).toEqual([2020]);
    expect((await get('/speakers/example-speaker')).body.editions[0].affiliation).toBe(
      'Example University',
    );
  });

  it('refuses a person id given to two names in one source, naming the field', async () => {
    const draft = await get('/admin/editions/2020/draft');
    const source = structuredClone(draft.body.source);
    source.speakers.push({ id: 'christian-kniep', name: 'Someone Else' });
    const refused = await api.organizer('PUT', '/admin/editions/2020/draft', source, {
      'if-match': String(draft.etag),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual({
      name: `speakers[${source.speakers.length - 1}].id`,
      in: 'body',
      detail: expect.stringContaining('"christian-kniep" is Christian Kniep (speakers[0])'),
    });
    expect((await get('/admin/editions/2020/draft')).etag).toBe(draft.etag);
  });
});

describe('a one-day edition in a hall with fixed slot times and slides', () => {
  it('serves the fixed times and the materials', async () => {
    const agenda = await get('/editions/2019/agenda');
    expect(
      agenda.body.slots.map((slot: { start: string; title: string }) => [
        slot.start.slice(11, 16),
        slot.title,
      ]),
    ).toEqual([
      ['09:00', 'Welcome'],
      ['09:05', 'Container Runtimes in 2019'],
      ['09:40', 'Containers Meet HPC'],
      ['10:30', 'Coffee Break'],
      ['11:00', 'Measuring Container Overhead on HPC Interconnects'],
      ['11:30', 'Discussion'],
      ['12:00', 'End of the workshop'],
    ]);
    const papers = await get('/editions/2019/talks?kind=paper');
    expect(
      papers.body.items.map((talk: { materials: { kind: string }[] }) =>
        talk.materials.map((m) => m.kind),
      ),
    ).toEqual([['slides', 'code']]);
    const edition = await get('/editions/2019');
    expect(edition.body.location).toEqual({
      mode: 'in-person',
      venue: 'Example Conference Centre, Frankfurt',
      room: 'Hall 3',
    });
  });

  it('exports one frab day with the hall as its room and slides as attachments, and iCal with ATTACH', async () => {
    const schedule = await get('/editions/2019/schedule.json');
    const [day] = schedule.body.schedule.conference.days;
    expect(schedule.body.schedule.conference.days).toHaveLength(1);
    expect(day.day_start).toBe('2019-06-20T09:00:00+02:00');
    expect(day.day_end).toBe('2019-06-20T12:00:00+02:00');
    const [room, events] = Object.entries(day.rooms)[0] as [string, any[]];
    expect(room).toContain('Hall 3');
    const keynote = events.find((event) => event.title === 'Containers Meet HPC');
    expect(keynote).toMatchObject({ start: '09:40', duration: '00:50', type: 'keynote' });
    expect(keynote.attachments).toEqual([
      { url: 'https://example.org/hpcw19/keynote.pdf', title: 'Slides (PDF)' },
    ]);

    const calendar = await api.app.request('/editions/2019/agenda.ics');
    const vevents = Object.values(ical.sync.parseICS(await calendar.text())).filter(
      (entry): entry is VEvent => entry?.type === 'VEVENT',
    );
    const talk = vevents.find((entry) => entry.summary === 'Container Runtimes in 2019');
    expect(talk?.start.toISOString()).toBe('2019-06-20T07:05:00.000Z');
    expect(String((talk as unknown as { attach?: unknown }).attach)).toBe(
      'https://example.org/hpcw19/runtimes.pdf',
    );
  });
});
