import { describe, expect, it } from 'vitest';
import { publishEdition } from '#shared/edition/published.ts';
import { editionSchema } from '#shared/edition/schema.ts';
import {
  type CheckInTiming,
  checkInTiming,
  checkInWindows,
  clockTimeIn,
  closedDetail,
  DEFAULT_OPENS_BEFORE_MINUTES,
  describeWindow,
} from '#shared/registration/check-in-window.ts';
import { editionWith, endAt, session } from '../../../support/editions.ts';

/** Three days in Berlin (summer time), the second starting later; the door opens 2 h before. */
const ZONE = 'Europe/Berlin';
const days = [
  {
    date: '2020-06-16',
    startsAt: '2020-06-16T09:00:00+02:00',
    endsAt: '2020-06-16T17:30:00+02:00',
  },
  {
    date: '2020-06-17',
    startsAt: '2020-06-17T14:00:00+02:00',
    endsAt: '2020-06-17T18:00:00+02:00',
  },
  {
    date: '2020-06-18',
    startsAt: '2020-06-18T09:00:00+02:00',
    endsAt: '2020-06-18T12:00:00+02:00',
  },
];
const windows = checkInWindows(days, DEFAULT_OPENS_BEFORE_MINUTES, ZONE);
const timing = (instant: string) => checkInTiming(windows, new Date(instant));
const closed = (instant: string) => {
  const result = timing(instant);
  if (result.open) throw new Error(`open at ${instant}`);
  return result as Extract<CheckInTiming, { open: false }>;
};

describe('the check-in window', () => {
  it('opens two hours before each day’s start by default and closes at the day’s end', () => {
    expect(DEFAULT_OPENS_BEFORE_MINUTES).toBe(120);
    expect(windows).toEqual([
      {
        date: '2020-06-16',
        opensAt: '2020-06-16T07:00:00+02:00',
        closesAt: '2020-06-16T17:30:00+02:00',
      },
      {
        date: '2020-06-17',
        opensAt: '2020-06-17T12:00:00+02:00',
        closesAt: '2020-06-17T18:00:00+02:00',
      },
      {
        date: '2020-06-18',
        opensAt: '2020-06-18T07:00:00+02:00',
        closesAt: '2020-06-18T12:00:00+02:00',
      },
    ]);
    expect(checkInWindows(days, 45, ZONE)[0]?.opensAt).toBe('2020-06-16T08:15:00+02:00');
  });

  it('accepts a check-in from the opening to just before the closing of a day', () => {
    for (const instant of [
      '2020-06-16T07:00:00+02:00',
      '2020-06-16T05:00:00Z',
      '2020-06-16T17:29:59+02:00',
      '2020-06-17T12:30:00+02:00',
      '2020-06-18T11:59:00+02:00',
    ]) {
      expect(timing(instant).open, instant).toBe(true);
    }
    expect(timing('2020-06-17T13:00:00+02:00')).toMatchObject({ window: windows[1] });
  });

  it('refuses six weeks early, between days and after the last, naming the window', () => {
    expect(closed('2020-05-05T10:00:00+02:00')).toEqual({
      open: false,
      when: 'before',
      window: windows[0],
    });
    expect(closed('2020-06-16T06:59:59+02:00')).toMatchObject({
      when: 'before',
      window: windows[0],
    });
    expect(closed('2020-06-16T17:30:00+02:00')).toMatchObject({
      when: 'between',
      window: windows[1],
    });
    expect(closed('2020-06-17T09:00:00+02:00')).toMatchObject({
      when: 'between',
      window: windows[1],
    });
    expect(closed('2020-06-18T12:00:00+02:00')).toMatchObject({
      when: 'after',
      window: windows[2],
    });
    expect(closed('2021-01-01T00:00:00Z')).toMatchObject({ when: 'after', window: windows[2] });
  });

  it('says the window in the edition’s zone', () => {
    expect(describeWindow(windows[0] as (typeof windows)[number], ZONE)).toBe(
      '2020-06-16 from 07:00 to 17:30 (Europe/Berlin)',
    );
    expect(closedDetail(closed('2020-05-05T10:00:00Z'), 120, ZONE)).toBe(
      "Check-in opens 2 h before each day's first session and closes at the day's end. It is not open yet: the next window is 2020-06-16 from 07:00 to 17:30 (Europe/Berlin).",
    );
    expect(closedDetail(closed('2020-06-19T10:00:00Z'), 90, ZONE)).toContain(
      'opens 1 h 30 min before',
    );
    expect(closedDetail(closed('2020-06-19T10:00:00Z'), 120, ZONE)).toContain(
      'Check-in is over: the last window was 2020-06-18 from 07:00 to 12:00 (Europe/Berlin).',
    );
    // A day starting just after midnight opens the evening before, and says so.
    const early = checkInWindows(
      [
        {
          date: '2020-06-16',
          startsAt: '2020-06-16T01:00:00+02:00',
          endsAt: '2020-06-16T03:00:00+02:00',
        },
      ],
      120,
      ZONE,
    );
    expect(describeWindow(early[0] as (typeof early)[number], ZONE)).toBe(
      '2020-06-16 from 2020-06-15 23:00 to 03:00 (Europe/Berlin)',
    );
  });

  it('gives times of day in the edition’s zone, whatever zone the instant is written in', () => {
    expect(clockTimeIn('2020-06-25T07:12:30.000Z', ZONE)).toBe('09:12');
    expect(clockTimeIn('2020-12-25T08:12:00.000Z', ZONE)).toBe('09:12');
    expect(clockTimeIn('2020-06-25T13:12:00.000Z', 'America/New_York')).toBe('09:12');
  });
});

describe('checkIn in the edition file', () => {
  const agenda = [session('one', 30), endAt('10:00')];
  const source = (checkIn: unknown) => ({
    ...editionWith(agenda),
    agenda,
    ...(checkIn === undefined ? {} : { checkIn }),
  });

  it('takes opensBefore as a duration and publishes it with the edition', () => {
    const edition = editionSchema.parse(source({ opensBefore: '45min' }));
    expect(edition.checkIn).toEqual({ opensBefore: 45 });
    expect(publishEdition(edition).details.checkIn).toEqual({ opensBefore: 45 });
    expect(editionSchema.parse(source({ opensBefore: '2h' })).checkIn).toEqual({
      opensBefore: 120,
    });
  });

  it('leaves it out when the file does (the default applies), and refuses more than a day', () => {
    const plain = editionSchema.parse(source(undefined));
    expect(plain).not.toHaveProperty('checkIn');
    expect(publishEdition(plain).details).not.toHaveProperty('checkIn');
    const tooLong = editionSchema.safeParse(source({ opensBefore: '25h' }));
    expect(tooLong.error?.issues.map((issue) => issue.path)).toEqual([['checkIn', 'opensBefore']]);
    const unknown = editionSchema.safeParse(source({ opensBefore: 30, closesAfter: 10 }));
    expect(unknown.success).toBe(false);
  });
});
