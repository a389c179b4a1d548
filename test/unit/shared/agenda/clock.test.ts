import { describe, expect, it } from 'vitest';
import {
  formatClockTime,
  parseClockTime,
  parseDuration,
  toZonedIso,
} from '#shared/agenda/clock.ts';

describe('parseDuration', () => {
  it.each([
    ['15min', 15],
    ['1h', 60],
    ['1h30min', 90],
    ['2h 5min', 125],
    [45, 45],
  ])('reads %s as %i minutes', (input, minutes) => {
    expect(parseDuration(input)).toBe(minutes);
  });

  it.each(['', 'an hour', '1 hour', '15'])('rejects %j', (input) => {
    expect(() => parseDuration(input)).toThrow(RangeError);
  });
});

describe('clock times', () => {
  it('round-trips HH:MM through minutes since midnight', () => {
    expect(parseClockTime('08:45')).toBe(525);
    expect(formatClockTime(525)).toBe('08:45');
  });

  it('rejects impossible times', () => {
    expect(() => parseClockTime('24:00')).toThrow(RangeError);
    expect(() => parseClockTime('9:00')).toThrow(RangeError);
  });
});

describe('toZonedIso', () => {
  it.each([
    ['2020-06-25', 540, 'Europe/Berlin', '2020-06-25T09:00:00+02:00'],
    ['2020-01-15', 540, 'Europe/Berlin', '2020-01-15T09:00:00+01:00'],
    ['2020-11-18', 600, 'America/Denver', '2020-11-18T10:00:00-07:00'],
    ['2020-06-25', 330, 'Asia/Kolkata', '2020-06-25T05:30:00+05:30'],
    ['2020-06-25', 1440 + 30, 'UTC', '2020-06-26T00:30:00+00:00'],
  ])('%s + %i min in %s is %s', (date, minutes, zone, expected) => {
    expect(toZonedIso(date, minutes, zone)).toBe(expected);
  });

  it('uses the offset in force after a daylight-saving switch on the same day', () => {
    // Europe/Berlin moved from +01:00 to +02:00 at 02:00 on 2020-03-29.
    expect(toZonedIso('2020-03-29', 60, 'Europe/Berlin')).toBe('2020-03-29T01:00:00+01:00');
    expect(toZonedIso('2020-03-29', 180, 'Europe/Berlin')).toBe('2020-03-29T03:00:00+02:00');
  });
});
