import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { editionPage } from '#functions/pages/views.ts';
import { lintAgenda } from '#shared/agenda/lint.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { frabJson, frabXml } from '#shared/exports/frab.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import { printedEdition } from '../../../support/editions.ts';
import { frabScheduleSchema } from '../../../support/frab-schedule-schema.ts';

/**
 * test/fixtures/hpcw-printed-example.yaml is written as a printed programme: a start time per
 * entry, no durations. Each talk ends where the next begins, on every output. (Before, every talk
 * shared its session equally and the file was refused for its sessions' missing durations.)
 */

// ajv-formats is CommonJS: its default export is the plugin function itself.
const addFormats = ajvFormats as unknown as (ajv: Ajv) => Ajv;
const BASE = 'https://api.workshop.example';
const edition = publishEdition(printedEdition());
const at = (time: string) => `2018-06-28T${time}:00+02:00`;

/** Every slot as printed: [id, title, start, end, frab duration]. */
const PRINTED = [
  ['runtime-welcome', 'Welcome', '09:00', '09:20', '00:20'],
  ['runtime-runtimes-compared', 'Runtimes Compared', '09:20', '09:35', '00:15'],
  ['runtime-rootless-containers', 'Rootless Containers', '09:35', '10:00', '00:25'],
  ['coffee-break-1000', 'Coffee Break', '10:00', '10:30', '00:30'],
  [
    'orchestration-batch-schedulers-meet-kubernetes',
    'Batch Schedulers Meet Kubernetes',
    '10:30',
    '11:10',
    '00:40',
  ],
  ['orchestration-discussion', 'Discussion', '11:10', '12:00', '00:50'],
] as const;

describe('an agenda written with start times only', () => {
  it('is lint clean', () => {
    expect(lintAgenda(printedEdition())).toEqual([]);
  });

  it('publishes each talk ending where the next begins (the JSON agenda)', () => {
    expect(
      edition.slots
        .filter((slot) => slot.kind !== 'end')
        .map((slot) => [slot.id, slot.start, slot.end]),
    ).toEqual(PRINTED.map(([id, , start, end]) => [id, at(start), at(end)]));
    expect(edition.sessions.map((session) => [session.id, session.start, session.end])).toEqual([
      ['runtime', at('09:00'), at('10:00')],
      ['orchestration', at('10:30'), at('12:00')],
    ]);
  });

  it('puts the same times in agenda.ics', () => {
    const events = Object.values(ical.sync.parseICS(agendaCalendar(edition, BASE))).filter(
      (entry): entry is VEvent => entry?.type === 'VEVENT',
    );
    for (const [, title, start, end] of PRINTED) {
      const event = events.find((candidate) => candidate.summary === title);
      expect(event?.start.toISOString(), title).toBe(new Date(at(start)).toISOString());
      expect(event?.end?.toISOString(), title).toBe(new Date(at(end)).toISOString());
    }
  });

  it('puts the same times in schedule.json, valid for the C3VOC schema, and schedule.xml', () => {
    const document = JSON.parse(frabJson(edition, BASE));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    expect(ajv.validate(frabScheduleSchema, document)).toBe(true);
    const [day] = document.schedule.conference.days;
    const events = Object.values(day.rooms).flat() as {
      title: string;
      start: string;
      duration: string;
    }[];
    expect(events.map((event) => [event.title, event.start, event.duration])).toEqual(
      PRINTED.map(([, title, start, , duration]) => [title, start, duration]),
    );

    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => ['event', 'room', 'day'].includes(name),
    });
    const xml = parser.parse(frabXml(edition, BASE));
    const xmlEvents = xml.schedule.day[0].room[0].event as Record<string, string>[];
    expect(xmlEvents.map((event) => [event.title, event.start, event.duration])).toEqual(
      PRINTED.map(([, title, start, , duration]) => [title, start, duration]),
    );
  });

  it('shows the same times on the edition page', () => {
    const page = editionPage(edition, null, new Date('2018-06-01T12:00:00Z'));
    for (const [id, , start, end] of PRINTED) {
      const item = page.slice(page.indexOf(`id="${id}"`));
      const when = item.slice(0, item.indexOf('</span>'));
      expect(when, id).toContain(
        `<time datetime="${at(start)}" data-local>${start}</time>&ndash;<time datetime="${at(end)}" data-local>${end}</time>`,
      );
    }
  });
});
