import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { updateSession, updateTalk, withExplicitIds } from '#shared/draft/edits.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { frabJson, frabXml } from '#shared/exports/frab.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import { frabScheduleSchema } from '../../../support/frab-schedule-schema.ts';
import { seedWithSpeakers } from '../../../support/published.ts';

/** Materials in the exports, read back as schedule apps and calendars read them. */

// ajv-formats is CommonJS: its default export is the plugin function itself.
const addFormats = ajvFormats as unknown as (ajv: Ajv) => Ajv;
const BASE = 'https://api.workshop.example';
const TALK = 'runtime-container-runtimes-overview';
const SLIDES = {
  kind: 'slides' as const,
  title: 'Slides & notes',
  url: 'https://s.example/a.pdf?x=1&y=2',
};
const CODE = { kind: 'code' as const, title: 'Code', url: 'https://git.example/runtimes' };
const RECORDING = {
  kind: 'recording' as const,
  title: 'Recording',
  url: 'http://v.example/runtime',
};

const source = updateSession(
  updateTalk(withExplicitIds(seedWithSpeakers()), TALK, { materials: [SLIDES, CODE] }),
  'runtime',
  { materials: [RECORDING] },
);
const edition = publishEdition(source);

describe('agenda.ics with materials', () => {
  const events = Object.values(ical.sync.parseICS(agendaCalendar(edition, BASE))).filter(
    (entry): entry is VEvent => entry?.type === 'VEVENT',
  );
  const attachments = (event: VEvent | undefined) =>
    ([] as unknown[]).concat((event as unknown as { attach?: unknown })?.attach ?? []).map(String);

  it("keeps the talk's page as URL and attaches every material, titles in the description", () => {
    const talk = events.find((event) => event.summary === 'Container Runtimes Overview');
    // URL;VALUE=URI: node-ical keeps the parameter beside the value.
    const url = talk?.url as unknown as string | { val: string };
    expect(typeof url === 'string' ? url : url.val).toBe(`${BASE}/editions/2020/talks/${TALK}`);
    expect(attachments(talk)).toEqual([SLIDES.url, CODE.url]);
    expect(talk?.description).toContain(`Slides & notes: ${SLIDES.url}`);
    expect(talk?.description).toContain('Speakers: Ada Lovelace');
  });

  it("attaches a session's materials to the session's event, and nothing to the others", () => {
    const runtime = events.find((event) => event.summary === 'RUNTIME');
    expect(attachments(runtime)).toEqual([RECORDING.url]);
    const others = events.filter(
      (event) => event.summary !== 'RUNTIME' && event.summary !== 'Container Runtimes Overview',
    );
    for (const event of others) expect(attachments(event)).toEqual([]);
  });

  it('exports a single talk with its attachments', () => {
    const [single] = Object.values(ical.sync.parseICS(agendaCalendar(edition, BASE, TALK))).filter(
      (entry): entry is VEvent => entry?.type === 'VEVENT',
    );
    expect(attachments(single)).toEqual([SLIDES.url, CODE.url]);
  });
});

describe('schedule.json and schedule.xml with materials', () => {
  const document = JSON.parse(frabJson(edition, BASE));
  const events = document.schedule.conference.days[0].rooms['ISC High Performance'];
  const talk = events.find((event: { slug: string }) => event.slug === `hpcw20-${TALK}`);

  it('still validates against the C3VOC schedule schema (links and attachments as objects)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.validate(frabScheduleSchema, document);
    expect(ajv.errors ?? []).toEqual([]);
  });

  it('lists every material under links and the slides under attachments', () => {
    expect(talk.links).toEqual([
      { url: SLIDES.url, title: SLIDES.title },
      { url: CODE.url, title: CODE.title },
    ]);
    expect(talk.attachments).toEqual([{ url: SLIDES.url, title: SLIDES.title }]);
    const others = events.filter((event: { slug: string }) => event !== talk);
    for (const event of others) {
      expect(event.links).toEqual([]);
      expect(event.attachments).toEqual([]);
    }
  });

  it('gives the schedule a new version when a material changes', () => {
    const without = JSON.parse(frabJson(publishEdition(withExplicitIds(seedWithSpeakers())), BASE));
    expect(document.schedule.version).not.toBe(without.schedule.version);
  });

  it('writes the same links in the XML, escaped', () => {
    const xml = frabXml(edition, BASE);
    expect(xml).toContain(
      `<link href="https://s.example/a.pdf?x=1&amp;y=2">Slides &amp; notes</link>`,
    );
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => ['event', 'room', 'day', 'link', 'attachment'].includes(name),
    }).parse(xml);
    const xmlTalk = parsed.schedule.day[0].room[0].event.find(
      (event: { slug: string }) => event.slug === `hpcw20-${TALK}`,
    );
    expect(
      xmlTalk.links.link.map((link: { '@href': string; '#text': string }) => [
        link['@href'],
        link['#text'],
      ]),
    ).toEqual([
      [SLIDES.url, SLIDES.title],
      [CODE.url, CODE.title],
    ]);
    expect(xmlTalk.attachments.attachment[0]['@href']).toBe(SLIDES.url);
  });
});
