import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatClockTime } from '#shared/agenda/clock.ts';
import { lintAgenda } from '#shared/agenda/lint.ts';
import {
  itemDurations,
  type TimedEntry,
  type TimedItem,
  timeAgenda,
} from '#shared/agenda/timing.ts';
import { parseEditionFile } from '#shared/edition/parse.ts';
import { coffee, editionWith, endAt, seedEdition, session } from '../../../support/editions.ts';

const span = (entry: TimedEntry | TimedItem | undefined) =>
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
      const result = itemDurations(
        items.map((item, index) => ({ ...item, kind: 'talk' as const, title: `t${index}` })),
        9 * 60,
        9 * 60 + duration,
      );
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

describe('a programme as printed: start times, no durations', () => {
  const spans = (edition: Parameters<typeof timeAgenda>[0]) =>
    timeAgenda(edition).entries.map((entry) => [
      entry.id,
      span(entry),
      ...(entry.kind === 'session' ? entry.items.map((item) => span(item)) : []),
    ]);
  const talks = (...times: string[]) => times.map((at, index) => ({ title: `Talk ${index}`, at }));

  it('ends each talk with its own `at` where the next one begins, the last with its session', () => {
    // Before: the three talks shared the hour equally (20 min each), the second overlapping the third.
    const edition = editionWith([
      {
        kind: 'session',
        segment: 'alpha',
        title: 'Morning',
        at: '09:00',
        duration: '1h',
        items: talks('09:00', '09:20', '09:35'),
      },
      endAt('10:00'),
    ]);
    expect(spans(edition)[0]).toEqual([
      'morning',
      '09:00-10:00',
      '09:00-09:20',
      '09:20-09:35',
      '09:35-10:00',
    ]);
    expect(lintAgenda(edition)).toEqual([]);
  });

  it('ends a session or break without a duration where the next entry with its own time begins', () => {
    const edition = editionWith([
      {
        kind: 'session',
        segment: 'alpha',
        title: 'Morning',
        at: '09:00',
        items: talks('09:00', '09:20', '09:35'),
      },
      { kind: 'break', title: 'Coffee Break', at: '10:00' },
      {
        kind: 'session',
        segment: 'alpha',
        title: 'Late',
        at: '10:30',
        items: talks('10:30', '11:10'),
      },
      endAt('12:00'),
    ]);
    expect(spans(edition)).toEqual([
      ['morning', '09:00-10:00', '09:00-09:20', '09:20-09:35', '09:35-10:00'],
      ['coffee-break-1000', '10:00-10:30'],
      ['late', '10:30-12:00', '10:30-11:10', '11:10-12:00'],
      ['workshop-ends', '12:00-12:00'],
    ]);
    expect(lintAgenda(edition)).toEqual([]);
  });

  it('lets a session without `at` or duration run from the day start to the next fixed time', () => {
    const edition = editionWith(
      [{ kind: 'session', title: 'Only', items: [{ title: 'A' }, { title: 'B' }] }, endAt('10:00')],
      { startsAt: '09:00' },
    );
    expect(spans(edition)[0]).toEqual(['only', '09:00-10:00', '09:00-09:30', '09:30-10:00']);
  });

  it('keeps mixed items as before: durations given, the others share, a fixed item starts at its `at`', () => {
    const edition = editionWith([
      {
        kind: 'session',
        title: 'Mixed',
        at: '09:00',
        duration: '1h',
        items: [
          { title: 'Intro', duration: 5 },
          { title: 'Shared A' },
          { title: 'Pinned', at: '09:25' },
          { title: 'Shared B' },
          { title: 'Panel', at: '09:40', duration: 20 },
        ],
      },
      endAt('10:00'),
    ]);
    // "Pinned" is followed by an item without an `at`: it shares, as every such item did before.
    expect(spans(edition)[0]).toEqual([
      'mixed',
      '09:00-10:00',
      '09:00-09:05',
      '09:05-09:17',
      '09:25-09:37',
      '09:37-09:48',
      '09:40-10:00',
    ]);
  });
});

describe('the files already written keep their times', () => {
  const at = (edition: Parameters<typeof timeAgenda>[0], dayIndex: number, id: string) => {
    const day = timeAgenda(edition).days[dayIndex];
    for (const entry of day?.entries ?? []) {
      if (entry.id === id) return span(entry);
      if (entry.kind !== 'session') continue;
      const item = entry.items.find((candidate) => candidate.id === id);
      if (item) return span(item);
    }
    return undefined;
  };

  it.each([
    ['editions/hpcw-2020.yaml', 0, 'coffee-break-1100', '11:00-11:30'],
    ['editions/hpcw-2020.yaml', 0, 'lunch-break-1300', '13:00-14:30'],
    ['editions/hpcw-2020.yaml', 0, 'orchestration-1', '12:30-13:30'],
    ['editions/hpcw-2020.yaml', 0, 'workshop-ends', '18:00-18:00'],
    ['editions/history/hpcw-2020-online.yaml', 0, 'runtime', '17:00-18:30'],
    ['editions/history/hpcw-2020-online.yaml', 0, 'runtime-panel-discussion', '17:45-18:30'],
    ['editions/history/hpcw-2020-online.yaml', 2, 'use-cases', '19:00-20:30'],
    ['test/fixtures/hpcw-2020-online.yaml', 1, 'orchestrate', '19:00-20:30'],
    ['test/fixtures/hpcw-hall-example.yaml', 0, 'runtime-containers-meet-hpc', '09:40-10:30'],
    ['test/fixtures/hpcw-hall-example.yaml', 0, 'research-discussion', '11:30-12:00'],
  ])('%s: day %i, %s runs %s', (file, dayIndex, id, expected) => {
    const edition = parseEditionFile(file, readFileSync(file, 'utf8'));
    expect(at(edition, dayIndex, id)).toBe(expected);
  });
});
