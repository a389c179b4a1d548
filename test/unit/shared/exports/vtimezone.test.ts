import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { publishEdition } from '#shared/edition/published.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import { vtimezone } from '#shared/exports/vtimezone.ts';
import { seedWithSpeakers } from '../../../support/published.ts';

/** VTIMEZONE from the runtime's zone data, and the content lines of agenda.ics. */

describe('vtimezone', () => {
  it('has every change of offset from the year before to the year after, each from its wall clock', () => {
    const block = vtimezone('Europe/Berlin', 2020);
    expect(block.startsWith('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n')).toBe(true);
    expect(block.match(/DTSTART:\d+T\d+/g)).toEqual([
      'DTSTART:20190331T020000',
      'DTSTART:20191027T030000',
      'DTSTART:20200329T020000',
      'DTSTART:20201025T030000',
      'DTSTART:20210328T020000',
      'DTSTART:20211031T030000',
    ]);
    expect(block).toContain(
      'BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nDTSTART:20200329T020000\r\nEND:DAYLIGHT',
    );
  });

  it.each([
    ['Asia/Kolkata', '+0530'],
    ['UTC', '+0000'],
  ])('gives %s, which keeps its offset, one STANDARD observance at %s', (zone, offset) => {
    expect(vtimezone(zone, 2020)).toBe(
      `BEGIN:VTIMEZONE\r\nTZID:${zone}\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:${offset}\r\nTZOFFSETTO:${offset}\r\nDTSTART:19700101T000000\r\nEND:STANDARD\r\nEND:VTIMEZONE`,
    );
  });

  it('follows the southern hemisphere: daylight time from October', () => {
    expect(vtimezone('Australia/Sydney', 2020)).toContain(
      'BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+1100\r\nDTSTART:20201004T020000',
    );
  });
});

describe('agenda.ics content lines', () => {
  const seed = seedWithSpeakers();
  const edition = publishEdition(seed);
  const slot = edition.slots.find((candidate) => candidate.kind === 'talk');
  if (!slot) throw new Error('the seed has a talk');
  const titled = {
    ...edition,
    slots: edition.slots.map((candidate) =>
      candidate.id === slot.id
        ? { ...candidate, title: 'Größe; Übermaß, und\\mehr — '.repeat(4) }
        : candidate,
    ),
  };
  const text = agendaCalendar(titled, 'https://api.workshop.example', slot.id);

  it('escapes text, folds lines at 75 octets without splitting a character, and ends lines with CRLF', () => {
    for (const line of text.split('\r\n')) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    }
    expect(text).not.toMatch(/[^\r]\n/);
    const [event] = Object.values(ical.sync.parseICS(text)).filter(
      (entry): entry is VEvent => entry?.type === 'VEVENT',
    );
    expect(event?.summary).toBe('Größe; Übermaß, und\\mehr — '.repeat(4));
  });

  it('stamps events in UTC, at the published start of the day', () => {
    expect(text).toContain(
      `DTSTAMP:${new Date(edition.details.startsAt).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`,
    );
  });
});
