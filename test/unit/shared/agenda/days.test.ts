import { describe, expect, it } from 'vitest';
import { formatClockTime } from '#shared/agenda/clock.ts';
import { hasErrors, lintAgenda } from '#shared/agenda/lint.ts';
import { type TimedEntry, timeAgenda } from '#shared/agenda/timing.ts';
import { coffee, editionWith, endAt, onlineEdition, session } from '../../../support/editions.ts';

const span = (entry: { start: number; end: number } | undefined) =>
  entry && `${formatClockTime(entry.start)}-${formatClockTime(entry.end)}`;

const oneDay = { date: undefined, days: [{ date: '2030-06-20' }] };
const twoDays = { date: undefined, days: [{ date: '2030-06-20' }, { date: '2030-06-21' }] };

describe('the three-day online edition', () => {
  const timed = timeAgenda(onlineEdition());

  it('has three days, each from 17:00 to 20:30 (an implied end after the last session)', () => {
    expect(
      timed.days.map((day) => ({
        date: day.date,
        span: span(day),
        ids: day.entries.map((e) => e.id),
      })),
    ).toEqual([
      { date: '2020-06-16', span: '17:00-20:30', ids: ['runtime', 'build'] },
      { date: '2020-06-17', span: '17:00-20:30', ids: ['distribute', 'orchestrate'] },
      { date: '2020-06-18', span: '17:00-20:30', ids: ['hpc-specific', 'use-cases'] },
    ]);
  });

  it('starts every session at its own time, leaving the gap between them', () => {
    const spans = timed.entries.map((entry) => [entry.id, span(entry)]);
    expect(spans).toEqual([
      ['runtime', '17:00-18:30'],
      ['build', '19:00-20:30'],
      ['distribute', '17:00-18:30'],
      ['orchestrate', '19:00-20:30'],
      ['hpc-specific', '17:00-18:30'],
      ['use-cases', '19:00-20:30'],
    ]);
  });

  it('runs a segment as a 5 min intro, four 10 min lightning talks and a 45 min panel', () => {
    const runtime = timed.entries[0] as Extract<TimedEntry, { kind: 'session' }>;
    expect(runtime.items.map(span)).toEqual([
      '17:00-17:05',
      '17:05-17:15',
      '17:15-17:25',
      '17:25-17:35',
      '17:35-17:45',
      '17:45-18:30',
    ]);
  });

  it('lints clean: a gap before a session with its own time is meant', () => {
    expect(lintAgenda(onlineEdition())).toEqual([]);
  });
});

describe('timing per day', () => {
  it('counts each day back from its own first fixed time, or starts it at its startsAt', () => {
    const timed = timeAgenda(
      editionWith(
        [
          session('one', 60),
          endAt('12:00'),
          { ...session('two', 30), day: '2030-06-21' },
          coffee('10:00'),
          session('three', 30),
        ],
        { ...twoDays, days: [{ date: '2030-06-20' }, { date: '2030-06-21', startsAt: '09:00' }] },
      ),
    );
    expect(timed.days.map((day) => [day.date, span(day)])).toEqual([
      ['2030-06-20', '11:00-12:00'],
      ['2030-06-21', '09:00-11:00'],
    ]);
    expect(timed.dayStart).toBe(11 * 60);
  });

  it('keeps the one-day form as one day on its date', () => {
    const timed = timeAgenda(editionWith([session('one', 30), endAt('10:00')]));
    expect(timed.days.map((day) => [day.date, span(day)])).toEqual([['2030-06-20', '09:30-10:00']]);
  });
});

describe('lint per day', () => {
  it('names the day of a finding in an edition of several days', () => {
    const findings = lintAgenda(
      editionWith(
        [
          session('one', 30),
          endAt('10:00'),
          { ...session('two', 45), day: '2030-06-21' },
          { ...endAt('10:00'), id: 'day-two-ends' },
        ],
        { ...twoDays, days: [{ date: '2030-06-20' }, { date: '2030-06-21', startsAt: '09:30' }] },
      ),
    );
    expect(findings.map(({ code, minutes }) => ({ code, minutes }))).toEqual([
      { code: 'OVERRUNS_FIXED_TIME', minutes: 15 },
    ]);
    expect(findings[0]?.message).toMatch(/^2030-06-21: From the 09:30 start, TWO/);
  });

  it('reports a session that runs into the next session with its own time', () => {
    const findings = lintAgenda(
      editionWith(
        [
          { ...session('one', 90), at: '09:00' },
          { ...session('two', 30), at: '10:00' },
        ],
        oneDay,
      ),
    );
    expect(findings.map(({ code, ids, minutes }) => ({ code, ids, minutes }))).toEqual([
      { code: 'OVERRUNS_FIXED_TIME', ids: ['one', 'two'], minutes: 30 },
    ]);
  });

  it('does not report speakers on two days at the same time of day', () => {
    const speakers = [{ id: 'ada', name: 'Ada' }];
    const findings = lintAgenda(
      editionWith(
        [
          { ...session('one', 30, [{ title: 'A', speakers: ['ada'] }]), at: '09:00' },
          {
            ...session('two', 30, [{ title: 'B', speakers: ['ada'] }]),
            day: '2030-06-21',
            at: '09:00',
          },
        ],
        { ...twoDays, speakers },
      ),
    );
    expect(findings.filter((finding) => finding.code === 'SPEAKER_DOUBLE_BOOKED')).toEqual([]);
  });
});

describe('items with their own time', () => {
  const items = (
    ...list: { title: string; at?: string; duration?: number }[]
  ): Parameters<typeof session>[2] => list;

  it('starts an item at its at and the next one after it', () => {
    const timed = timeAgenda(
      editionWith(
        [
          {
            ...session(
              'one',
              60,
              items({ title: 'A', duration: 20 }, { title: 'B', at: '09:20', duration: 40 }),
            ),
            at: '09:00',
          },
        ],
        oneDay,
      ),
    );
    const one = timed.entries[0] as Extract<TimedEntry, { kind: 'session' }>;
    expect(one.items.map(span)).toEqual(['09:00-09:20', '09:20-10:00']);
    expect(
      lintAgenda(
        editionWith(
          [
            {
              ...session(
                'one',
                60,
                items({ title: 'A', duration: 20 }, { title: 'B', at: '09:20', duration: 40 }),
              ),
              at: '09:00',
            },
          ],
          oneDay,
        ),
      ),
    ).toEqual([]);
  });

  it('reports items whose fixed times overlap (ITEM_TIMES_OVERLAP)', () => {
    const findings = lintAgenda(
      editionWith(
        [
          {
            ...session(
              'one',
              60,
              items({ title: 'A', duration: 30 }, { title: 'B', at: '09:20', duration: 30 }),
            ),
            at: '09:00',
          },
        ],
        oneDay,
      ),
    );
    expect(
      findings.map(({ code, severity, ids, minutes }) => ({ code, severity, ids, minutes })),
    ).toEqual([
      { code: 'ITEM_TIMES_OVERLAP', severity: 'error', ids: ['one-a', 'one-b'], minutes: 10 },
    ]);
    expect(findings[0]?.message).toBe(
      'In ONE, "A" ends at 09:30, 10 minutes after "B" is fixed to start (09:20).',
    );
    expect(hasErrors(findings)).toBe(true);
  });

  it('reports a fixed item that runs past the end of its session (ITEM_TIMES_OVERLAP)', () => {
    const findings = lintAgenda(
      editionWith(
        [
          {
            ...session('one', 60, items({ title: 'A' }, { title: 'B', at: '09:45', duration: 30 })),
            at: '09:00',
          },
        ],
        oneDay,
      ),
    );
    expect(findings.map(({ code, ids, minutes }) => ({ code, ids, minutes }))).toContainEqual({
      code: 'ITEM_TIMES_OVERLAP',
      ids: ['one-b', 'one'],
      minutes: 15,
    });
  });

  it('reports a gap before a fixed item as a warning (GAP_BEFORE_FIXED_ITEM)', () => {
    const findings = lintAgenda(
      editionWith(
        [
          {
            ...session(
              'one',
              60,
              items({ title: 'A', duration: 10 }, { title: 'B', at: '09:30', duration: 30 }),
            ),
            at: '09:00',
          },
        ],
        oneDay,
      ),
    );
    // The session is underfilled too (40 of 60 minutes): the fill rule does not read `at`.
    expect(
      findings.map(({ code, severity, ids, minutes }) => ({ code, severity, ids, minutes })),
    ).toEqual([
      { code: 'ITEMS_UNDERFILL_SESSION', severity: 'warning', ids: ['one'], minutes: 20 },
      { code: 'GAP_BEFORE_FIXED_ITEM', severity: 'warning', ids: ['one-a', 'one-b'], minutes: 20 },
    ]);
    expect(findings[1]?.message).toBe(
      'In ONE, "A" ends at 09:10, leaving 20 unplanned minutes before "B" at 09:30.',
    );
  });
});
