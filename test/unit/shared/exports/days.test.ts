import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { publishEdition } from '#shared/edition/published.ts';
import { frabJson, frabXml } from '#shared/exports/frab.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import { onlineEdition } from '../../../support/editions.ts';
import { frabScheduleSchema } from '../../../support/frab-schedule-schema.ts';

// ajv-formats is CommonJS: its default export is the plugin function itself.
const addFormats = ajvFormats as unknown as (ajv: Ajv) => Ajv;
const BASE = 'https://api.workshop.example';
const ROOM = 'ISC High Performance (online)';
const edition = publishEdition(onlineEdition());
const DAYS = ['2020-06-16', '2020-06-17', '2020-06-18'];

describe('the published three-day edition', () => {
  it('lists the days with their start and end, and puts sessions and slots on them in order', () => {
    expect(edition.details.days).toEqual(
      DAYS.map((date) => ({
        date,
        startsAt: `${date}T17:00:00+02:00`,
        endsAt: `${date}T20:30:00+02:00`,
      })),
    );
    expect(edition.details).toMatchObject({
      date: '2020-06-16',
      startsAt: '2020-06-16T17:00:00+02:00',
      endsAt: '2020-06-18T20:30:00+02:00',
    });
    expect(edition.sessions.map((session) => [session.id, session.day, session.start])).toEqual([
      ['runtime', '2020-06-16', '2020-06-16T17:00:00+02:00'],
      ['build', '2020-06-16', '2020-06-16T19:00:00+02:00'],
      ['distribute', '2020-06-17', '2020-06-17T17:00:00+02:00'],
      ['orchestrate', '2020-06-17', '2020-06-17T19:00:00+02:00'],
      ['hpc-specific', '2020-06-18', '2020-06-18T17:00:00+02:00'],
      ['use-cases', '2020-06-18', '2020-06-18T19:00:00+02:00'],
    ]);
    expect(edition.slots).toHaveLength(36);
    edition.slots.forEach((slot, index) => {
      expect(slot.position).toBe(index);
      expect(slot.start.slice(0, 10)).toBe(slot.day);
      if (index > 0) expect(slot.start >= (edition.slots[index - 1]?.end ?? '')).toBe(true);
    });
  });
});

describe('agenda.ics of three days', () => {
  const events = Object.values(ical.sync.parseICS(agendaCalendar(edition, BASE))).filter(
    (entry): entry is VEvent => entry?.type === 'VEVENT',
  );

  it('puts each session and slot on its own date', () => {
    expect(events).toHaveLength(6 + 36);
    const titles = new Set(edition.sessions.map((session) => session.title));
    const sessions = events.filter((event) => titles.has(String(event.summary)));
    expect(sessions.map((event) => event.start.toISOString()).sort()).toEqual([
      '2020-06-16T15:00:00.000Z',
      '2020-06-16T17:00:00.000Z',
      '2020-06-17T15:00:00.000Z',
      '2020-06-17T17:00:00.000Z',
      '2020-06-18T15:00:00.000Z',
      '2020-06-18T17:00:00.000Z',
    ]);
    for (const slot of edition.slots) {
      const event = events.find(
        (candidate) =>
          candidate.summary === slot.title && candidate.start.getTime() === Date.parse(slot.start),
      );
      expect(event, slot.id).toBeDefined();
    }
  });
});

describe('schedule.json of three days', () => {
  const document = JSON.parse(frabJson(edition, BASE));
  const { conference } = document.schedule;

  it('validates against the C3VOC schedule schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    expect(ajv.validate(frabScheduleSchema, document)).toBe(true);
    expect(ajv.errors ?? []).toEqual([]);
  });

  it('has one day per edition day, with its start, end and events', () => {
    expect(conference).toMatchObject({ start: '2020-06-16', end: '2020-06-18', daysCount: 3 });
    expect(
      conference.days.map(
        (day: { index: number; date: string; day_start: string; day_end: string }) => [
          day.index,
          day.date,
          day.day_start,
          day.day_end,
        ],
      ),
    ).toEqual(
      DAYS.map((date, index) => [
        index + 1,
        date,
        `${date}T17:00:00+02:00`,
        `${date}T20:30:00+02:00`,
      ]),
    );
    for (const day of conference.days) {
      const events = day.rooms[ROOM] as { date: string; start: string }[];
      expect(events).toHaveLength(12);
      for (const event of events) expect(event.date.slice(0, 10)).toBe(day.date);
    }
    expect(conference.days[0].rooms[ROOM][11].start).toBe('19:45');
  });
});

describe('schedule.xml of three days', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['event', 'person', 'room', 'day'].includes(name),
  });
  const document = parser.parse(frabXml(edition, BASE));

  it('has three days with their dates, starts, ends and events', () => {
    expect(document.schedule.conference).toMatchObject({
      start: '2020-06-16',
      end: '2020-06-18',
      days: 3,
    });
    expect(
      document.schedule.day.map((day: Record<string, string>) => [
        day['@date'],
        day['@start'],
        day['@end'],
      ]),
    ).toEqual(DAYS.map((date) => [date, `${date}T17:00:00+02:00`, `${date}T20:30:00+02:00`]));
    for (const day of document.schedule.day) {
      const events = day.room[0].event as { date: string }[];
      expect(events).toHaveLength(12);
      for (const event of events) expect(event.date.slice(0, 10)).toBe(day['@date']);
    }
  });
});
