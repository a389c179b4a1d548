import { describe, expect, it } from 'vitest';
import { attendanceOf } from '#shared/registration/attendance.ts';
import { checkInCode, registrationIdOfCode } from '#shared/registration/check-in-code.ts';
import { monotonicUlid } from '#shared/ulid.ts';

const id = monotonicUlid(new Date('2020-05-15T10:00:00Z'));

describe('check-in codes', () => {
  it('are 128 bits in groups of four that reveal nothing of the registration id', () => {
    const code = checkInCode('key', id);
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{2}$/);
    expect(code.replaceAll('-', '').toLowerCase()).not.toContain(id.slice(0, 6));
    expect(checkInCode('key', id)).toBe(code);
    expect(checkInCode('other key', id)).not.toBe(code);
    expect(checkInCode('key', monotonicUlid(new Date('2020-05-15T10:00:00Z')))).not.toBe(code);
  });

  it('lead back to their registration, however they are typed', () => {
    const code = checkInCode('key', id);
    expect(registrationIdOfCode('key', code)).toBe(id);
    expect(registrationIdOfCode('key', code.toLowerCase().replaceAll('-', ' '))).toBe(id);
    const withLetters = code.replaceAll('0', 'O').replaceAll('1', 'I');
    expect(registrationIdOfCode('key', withLetters)).toBe(id);
    expect(registrationIdOfCode('other key', code)).not.toBe(id);
  });

  it('refuse what is not a code', () => {
    for (const text of [
      '',
      'short',
      'x'.repeat(26),
      `${checkInCode('key', id)}0`,
      'ÄÖÜ'.repeat(9),
    ]) {
      expect(registrationIdOfCode('key', text), text).toBeUndefined();
    }
  });
});

describe('attendance', () => {
  const at = (time: string) => `2020-06-25T${time}:00.000Z`;
  const people = [
    { status: 'confirmed', checkedInAt: at('07:01') },
    { status: 'confirmed', checkedInAt: at('07:14') },
    { status: 'confirmed', checkedInAt: at('07:46') },
    { status: 'confirmed' },
    { status: 'waitlisted' },
    { status: 'cancelled', checkedInAt: at('07:05') },
  ] as const;
  const endsAt = '2020-06-25T17:30:00+02:00';

  it('counts the checked-in among the confirmed, and arrivals per quarter hour', () => {
    const attendance = attendanceOf(people, { endsAt, now: new Date(at('08:00')) });
    expect(attendance).toEqual({
      confirmed: 4,
      checkedIn: 3,
      over: false,
      notYetArrived: 1,
      noShows: 0,
      arrivals: [
        { from: at('07:00'), to: at('07:15'), count: 2 },
        { from: at('07:15'), to: at('07:30'), count: 0 },
        { from: at('07:30'), to: at('07:45'), count: 0 },
        { from: at('07:45'), to: at('08:00'), count: 1 },
      ],
    });
    expect(attendanceOf([], { endsAt, now: new Date(at('08:00')) }).arrivals).toEqual([]);
  });

  it('counts no-shows only once the last day has ended; before, they have not yet arrived', () => {
    const during = attendanceOf(people, { endsAt, now: new Date('2020-06-25T17:29:59+02:00') });
    expect(during).toMatchObject({ over: false, notYetArrived: 1, noShows: 0 });
    const weeksBefore = attendanceOf(people, { endsAt, now: new Date('2020-05-01T12:00:00Z') });
    expect(weeksBefore).toMatchObject({ over: false, notYetArrived: 1, noShows: 0 });
    for (const now of ['2020-06-25T17:30:00+02:00', '2020-07-01T00:00:00Z']) {
      expect(attendanceOf(people, { endsAt, now: new Date(now) }), now).toMatchObject({
        over: true,
        notYetArrived: 0,
        noShows: 1,
      });
    }
  });
});
