import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '#shared/csv.ts';
import {
  normalizeEmail,
  publicRegistrationState,
  retentionExpiry,
  windowState,
} from '#shared/registration/rules.ts';

const window = { opensAt: '2020-03-02T09:00:00+01:00', closesAt: '2020-06-25T08:45:00+02:00' };

describe('the registration window', () => {
  it.each([
    ['2020-03-02T07:59:59Z', 'not-yet-open'],
    ['2020-03-02T08:00:00Z', 'open'],
    ['2020-06-25T06:44:59Z', 'open'],
    ['2020-06-25T06:45:00Z', 'closed'],
  ])('at %s is %s', (instant, state) => {
    expect(windowState(window, new Date(instant))).toBe(state);
  });
});

describe('retention', () => {
  it('keeps registrations until the event ends plus the retention days', () => {
    const expiry = retentionExpiry('2020-06-25T18:00:00+02:00', 90);
    expect(new Date(expiry * 1000).toISOString()).toBe('2020-09-23T16:00:00.000Z');
  });
});

describe('the public registration state', () => {
  const config = {
    ...window,
    capacity: 100,
    retentionDays: 90,
    audiences: [{ id: 'other', label: 'Other' }],
  };

  it('shows seats left and the waiting list, never below zero', () => {
    const state = publicRegistrationState(
      config,
      { capacity: 100, confirmed: 100, waitlisted: 4 },
      new Date('2020-04-01T00:00:00Z'),
    );
    expect(state).toEqual({
      ...window,
      open: true,
      capacity: 100,
      seatsLeft: 0,
      waitlistLength: 4,
      audiences: config.audiences,
    });
  });

  it("takes the counter's capacity, which an organizer may have changed since the file's", () => {
    expect(
      publicRegistrationState(
        config,
        { capacity: 120, confirmed: 100, waitlisted: 0 },
        new Date('2020-04-01T00:00:00Z'),
      ),
    ).toMatchObject({ capacity: 120, seatsLeft: 20 });
  });

  it('counts every seat free before the counter exists', () => {
    expect(
      publicRegistrationState(config, undefined, new Date('2021-01-01T00:00:00Z')),
    ).toMatchObject({
      open: false,
      seatsLeft: 100,
      waitlistLength: 0,
    });
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Ada@Example.ORG\t')).toBe('ada@example.org');
  });
});

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+49 711', "'+49 711"],
    ['-5', "'-5"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers and empty cells, with CRLF after every record', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, null],
          [undefined, 'x'],
        ],
      ),
    ).toBe('a,b\r\n1,\r\n,x\r\n');
  });
});
