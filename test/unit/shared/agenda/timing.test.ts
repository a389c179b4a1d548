import { describe, expect, it } from 'vitest';
import { formatClockTime } from '#shared/agenda/clock.ts';
import { itemDurations, type TimedEntry, timeAgenda } from '#shared/agenda/timing.ts';
import { coffee, editionWith, endAt, seedEdition, session } from '../../../support/editions.ts';

const span = (entry: TimedEntry | undefined) =>
  entry && `${formatClockTime(entry.start)}-${formatClockTime(entry.end)}`;

describe('the 2020 agenda', () => {
  const timed = timeAgenda(seedEdition());
  const entry = (id: string) => timed.entries.find((candidate) => candidate.id === id);

  it('starts at 08:45, counted back from the 11:00 coffee break', () => {
    expect(formatClockTime(timed.dayStart)).toBe('08:45');
    expect(span(entry('intro'))).toBe('08:45-09:00');
  });

  it.each([
    ['runtime', '09:00-10:00'],
    ['build-test', '10:00-11:00'],
    ['coffee-break-1100', '11:00-11:30'],
    ['distribution', '11:30-12:00'],
    ['security', '12:00-12:30'],
    ['orchestration-1', '12:30-13:30'],
    ['lunch-break-1300', '13:00-14:30'],
    ['orchestration-2', '14:30-15:00'],
    ['hpc-specifics', '15:00-16:00'],
    ['coffee-break-1600', '16:00-16:30'],
    ['use-cases', '16:30-17:15'],
    ['future-directions', '17:15-18:00'],
    ['workshop-ends', '18:00-18:00'],
  ])('%s runs %s', (id, expected) => {
    expect(span(entry(id))).toBe(expected);
  });

  it('fills every session exactly with its items', () => {
    for (const candidate of timed.entries) {
      if (candidate.kind !== 'session') continue;
      expect(candidate.items[0]?.start).toBe(candidate.start);
      expect(candidate.items.at(-1)?.end).toBe(candidate.end);
    }
  });

  it('keeps the lunch break at 13:00 although the session before it runs until 13:30', () => {
    expect(entry('orchestration-1')?.end).toBeGreaterThan(entry('lunch-break-1300')?.start ?? 0);
  });
});

describe('itemDurations', () => {
  it.each([
    { duration: 60, items: [{}, {}, {}, {}], expected: [15, 15, 15, 15] },
    { duration: 30, items: [{}, {}, {}, {}], expected: [8, 8, 7, 7] },
    { duration: 45, items: [{}, {}, {}, {}], expected: [12, 11, 11, 11] },
    { duration: 60, items: [{ duration: 5 }, {}, {}, { duration: 15 }], expected: [5, 20, 20, 15] },
    { duration: 60, items: [{ duration: 50 }, {}, {}], expected: [50, 5, 5] },
    { duration: 30, items: [{ duration: 40 }, {}], expected: [40, 0] },
  ])(
    'splits $duration minutes over $items.length items as $expected',
    ({ duration, items, expected }) => {
      const result = itemDurations({
        duration,
        items: items.map((item, index) => ({ ...item, kind: 'talk' as const, title: `t${index}` })),
      });
      expect(result).toEqual(expected);
    },
  );
});

describe('timeAgenda', () => {
  it('starts at startsAt when the file gives one, even if that leaves a gap', () => {
    const timed = timeAgenda(
      editionWith([session('one', 30), coffee('10:00'), endAt('11:00')], { startsAt: '09:00' }),
    );
    expect(formatClockTime(timed.dayStart)).toBe('09:00');
    expect(span(timed.entries[0])).toBe('09:00-09:30');
  });

  it('starts the first session after a break at the end of the break', () => {
    const timed = timeAgenda(
      editionWith([coffee('09:00', '1h'), session('one', 30), endAt('10:30')]),
    );
    expect(span(timed.entries[1])).toBe('10:00-10:30');
  });

  it('counts back from the end when there is no break', () => {
    const timed = timeAgenda(
      editionWith([session('one', '1h'), session('two', 30), endAt('18:00')]),
    );
    expect(formatClockTime(timed.dayStart)).toBe('16:30');
  });
});
