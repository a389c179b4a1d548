import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { publishEdition } from '#shared/edition/published.ts';
import { frabJson, frabXml } from '#shared/exports/frab.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import { uuidV5 } from '#shared/exports/identifiers.ts';
import { frabScheduleSchema } from '../../../support/frab-schedule-schema.ts';
import { seedWithSpeakers } from '../../../support/published.ts';

// ajv-formats is CommonJS: its default export is the plugin function itself.
const addFormats = ajvFormats as unknown as (ajv: Ajv) => Ajv;
const BASE = 'https://api.workshop.example';
const edition = publishEdition(seedWithSpeakers());
const exported = edition.slots.filter((slot) => slot.kind !== 'end');

describe('agenda.ics', () => {
  const text = agendaCalendar(edition, BASE);
  const parsed = ical.sync.parseICS(text);
  const events = Object.values(parsed).filter((entry): entry is VEvent => entry?.type === 'VEVENT');

  it('has a VTIMEZONE for Europe/Berlin and one VEVENT per session and per talk, panel, intro and break', () => {
    expect(text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin/);
    expect(events).toHaveLength(edition.sessions.length + exported.length);
    expect(events).toHaveLength(10 + 43);
  });

  it('puts every event at its agenda time, in the venue time zone', () => {
    for (const slot of exported) {
      const event = events.find(
        (candidate) =>
          candidate.summary === slot.title && candidate.start.getTime() === Date.parse(slot.start),
      );
      expect(event, slot.id).toBeDefined();
      expect(event?.end?.getTime()).toBe(Date.parse(slot.end));
    }
    const runtime = events.find((event) => event.summary === 'RUNTIME');
    expect(runtime?.start.toISOString()).toBe('2020-06-25T07:00:00.000Z');
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20200625T090000');
  });

  it('keeps UIDs stable across re-publishes and hosts, and unique', () => {
    const again = ical.sync.parseICS(
      agendaCalendar(publishEdition(seedWithSpeakers()), 'http://localhost:3000'),
    );
    const uids = (calendar: typeof parsed) =>
      Object.values(calendar)
        .filter((entry): entry is VEvent => entry?.type === 'VEVENT')
        .map((event) => event.uid)
        .sort();
    expect(uids(again)).toEqual(uids(parsed));
    expect(new Set(uids(parsed)).size).toBe(events.length);
  });

  it('names the speakers in the description', () => {
    const overview = events.find((event) => event.summary === 'Container Runtimes Overview');
    expect(overview?.description).toContain('Speakers: Ada Lovelace');
  });

  it('exports a single talk as its own calendar with the same UID', () => {
    const single = Object.values(
      ical.sync.parseICS(agendaCalendar(edition, BASE, 'runtime-panel-discussion')),
    ).filter((entry): entry is VEvent => entry?.type === 'VEVENT');
    expect(single).toHaveLength(1);
    expect(single[0]?.uid).toBe(
      events.find(
        (event) =>
          event.summary === 'Panel Discussion' &&
          event.start.getTime() === Date.parse('2020-06-25T09:45:00+02:00'),
      )?.uid,
    );
  });
});

describe('schedule.json', () => {
  const document = JSON.parse(frabJson(edition, BASE));
  const roomEvents = document.schedule.conference.days[0].rooms['ISC High Performance'];

  it('validates against the C3VOC schedule schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const valid = ajv.validate(frabScheduleSchema, document);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has every talk, panel, intro and break, at the agenda times, breaks included', () => {
    expect(roomEvents).toHaveLength(43);
    expect(roomEvents.filter((event: { type: string }) => event.type === 'break')).toHaveLength(3);
    roomEvents.forEach(
      (event: { date: string; start: string; duration: string; title: string }, index: number) => {
        const slot = exported[index];
        expect(event.title).toBe(slot?.title);
        expect(event.date).toBe(slot?.start);
        expect(event.start).toBe(slot?.start.slice(11, 16));
        const [hours, minutes] = event.duration.split(':').map(Number);
        expect((hours ?? 0) * 60 + (minutes ?? 0)).toBe(slot?.durationMinutes);
      },
    );
  });

  it('uses stable, unique ids and guids derived from the slot ids', () => {
    const guids = roomEvents.map((event: { guid: string }) => event.guid);
    const ids = roomEvents.map((event: { id: number }) => event.id);
    expect(new Set(guids).size).toBe(43);
    expect(new Set(ids).size).toBe(43);
    expect(guids[0]).toBe(uuidV5('hpcw20/intro-workshop-introduction'));
    expect(
      JSON.parse(
        frabJson(publishEdition(seedWithSpeakers()), 'http://other.example'),
      ).schedule.conference.days[0].rooms['ISC High Performance'].map(
        (event: { guid: string }) => event.guid,
      ),
    ).toEqual(guids);
  });
});

describe('schedule.xml', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['event', 'person', 'room', 'day'].includes(name),
  });
  const document = parser.parse(frabXml(edition, BASE));
  const json = JSON.parse(frabJson(edition, BASE)).schedule;

  it('is well-formed frab XML with the conference and one day', () => {
    expect(document.schedule.conference).toMatchObject({
      acronym: 'hpcw20',
      start: '2020-06-25',
      days: 1,
      time_zone_name: 'Europe/Berlin',
    });
    expect(document.schedule.day).toHaveLength(1);
    expect(document.schedule.day[0]['@start']).toBe('2020-06-25T08:45:00+02:00');
  });

  it('holds the same events as the JSON: ids, guids, times and speakers', () => {
    const events = document.schedule.day[0].room[0].event;
    const jsonEvents = json.conference.days[0].rooms['ISC High Performance'];
    expect(events).toHaveLength(43);
    events.forEach((event: Record<string, unknown>, index: number) => {
      const twin = jsonEvents[index];
      expect(event['@guid']).toBe(twin.guid);
      expect(Number(event['@id'])).toBe(twin.id);
      expect(event.date).toBe(twin.date);
      expect(event.start).toBe(twin.start);
      expect(String(event.title)).toBe(twin.title);
    });
    const panel = events.find(
      (event: { slug: string }) => event.slug === 'hpcw20-runtime-panel-discussion',
    );
    expect(panel.persons.person.map((person: { '#text': string }) => person['#text'])).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ]);
  });

  it('escapes text so that titles with & < > survive', () => {
    const events = document.schedule.day[0].room[0].event;
    expect(events.some((event: { track: string }) => event.track === 'BUILD & TEST')).toBe(true);
  });
});
