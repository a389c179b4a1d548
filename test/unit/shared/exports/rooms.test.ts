import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { publishEdition } from '#shared/edition/published.ts';
import { frabJson, frabSchedule, frabXml } from '#shared/exports/frab.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import { editionWith, endAt, session } from '../../../support/editions.ts';
import { frabScheduleSchema } from '../../../support/frab-schedule-schema.ts';

/**
 * Rooms in the frab schedule: the venue for what happens there, and for a session held elsewhere
 * (online) its own room: the online room's name, never its URL.
 */

// ajv-formats is CommonJS: its default export is the plugin function itself.
const addFormats = ajvFormats as unknown as (ajv: Ajv) => Ajv;

const JOIN_URL = 'https://meet.example/private-join-breakout';

const hybrid = publishEdition(
  editionWith(
    [
      session('hall', 30),
      {
        ...session('remote', 30),
        location: { mode: 'online' as const, stream: { url: JOIN_URL, room: 'Breakout' } },
      },
      endAt('10:00'),
    ],
    {
      venue: undefined,
      location: {
        mode: 'hybrid',
        venue: 'Hamburg Messe',
        room: 'Hall Y5',
        stream: { url: 'https://meet.example/private-join-main', room: 'Main stream' },
      },
      startsAt: '09:00',
    },
  ),
);

describe('rooms in schedule.json and schedule.xml', () => {
  it('put a session held online in its own named room, and the rest at the venue', () => {
    const { conference } = frabSchedule(hybrid, 'https://api.example');
    expect(conference.rooms.map((room) => room.name)).toEqual([
      'Hamburg Messe, Hall Y5',
      'Breakout',
    ]);
    const rooms = conference.days[0]?.rooms ?? {};
    expect(Object.keys(rooms)).toEqual(['Hamburg Messe, Hall Y5', 'Breakout']);
    expect(rooms.Breakout?.map((event) => event.slug)).toEqual(['tw30-remote-remote-talk']);
    expect(rooms['Hamburg Messe, Hall Y5']?.map((event) => event.room)).toEqual([
      'Hamburg Messe, Hall Y5',
    ]);
  });

  it('stay valid against the C3VOC schema, and never carry a join URL', () => {
    const json = frabJson(hybrid, 'https://api.example');
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.validate(frabScheduleSchema, JSON.parse(json));
    expect(ajv.errors ?? []).toEqual([]);
    const xml = frabXml(hybrid, 'https://api.example');
    for (const text of [json, xml]) expect(text).not.toContain('private-join');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const xmlRooms = [parsed.schedule.day.room]
      .flat()
      .map((room: Record<string, string>) => room['@_name']);
    expect(xmlRooms).toEqual(['Hamburg Messe, Hall Y5', 'Breakout']);
  });
});

describe('locations in agenda.ics', () => {
  it('give an event held online its room name, the others the venue, and never a join URL', () => {
    const text = agendaCalendar(hybrid, 'https://api.example');
    expect(text).not.toContain('private-join');
    const events = Object.values(ical.sync.parseICS(text)).filter(
      (component): component is VEvent => component?.type === 'VEVENT',
    );
    const where = (summary: string) =>
      events.find((event) => String(event.summary) === summary)?.location;
    expect(where('remote talk')).toBe('Breakout');
    expect(where('REMOTE')).toBe('Breakout');
    expect(where('hall talk')).toBe('Hamburg Messe, Hall Y5');
  });
});
