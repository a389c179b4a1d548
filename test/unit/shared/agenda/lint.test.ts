import { describe, expect, it } from 'vitest';
import { hasErrors, lintAgenda } from '#shared/agenda/lint.ts';
import { howToFix } from '#shared/agenda/lint-fixes.ts';
import { timeAgenda } from '#shared/agenda/timing.ts';
import { coffee, editionWith, endAt, seedEdition, session } from '../../../support/editions.ts';

describe('lint on the 2020 agenda', () => {
  it('finds exactly the real conflict: the sessions after the 11:00 coffee run 30 minutes into lunch', () => {
    expect(lintAgenda(seedEdition())).toEqual([
      {
        code: 'OVERRUNS_FIXED_TIME',
        severity: 'error',
        ids: ['distribution', 'security', 'orchestration-1', 'lunch-break-1300'],
        minutes: 30,
        message:
          'After the 11:00 Coffee Break, DISTRIBUTION + SECURITY + ORCHESTRATION / SCHEDULING #1 ' +
          '(120 min) run until 13:30, 30 minutes into the 13:00 Lunch Break.',
      },
    ]);
  });

  it('does not move any time to hide the conflict', () => {
    const edition = seedEdition();
    const before = JSON.stringify(timeAgenda(edition));
    lintAgenda(edition);
    expect(JSON.stringify(timeAgenda(edition))).toBe(before);
  });
});

describe('lint codes', () => {
  const codes = (edition: Parameters<typeof lintAgenda>[0]) =>
    lintAgenda(edition).map(({ code, severity, minutes, ids }) => ({
      code,
      severity,
      minutes,
      ids,
    }));

  it('is clean when every run of sessions ends on the next fixed time', () => {
    const findings = lintAgenda(
      editionWith([session('one', 30), coffee('10:00'), session('two', 30), endAt('11:00')]),
    );
    expect(findings).toEqual([]);
    expect(hasErrors(findings)).toBe(false);
  });

  it('reports a gap before a fixed time as a warning', () => {
    expect(
      codes(editionWith([session('one', 30), coffee('10:00'), session('two', 20), endAt('11:00')])),
    ).toEqual([
      {
        code: 'GAP_BEFORE_FIXED_TIME',
        severity: 'warning',
        minutes: 10,
        ids: ['two', 'workshop-ends'],
      },
    ]);
  });

  it('reports an overrun of the end of the day', () => {
    const findings = lintAgenda(
      editionWith([session('one', 30), coffee('10:00'), session('two', 45), endAt('11:00')]),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.code).toBe('OVERRUNS_FIXED_TIME');
    expect(findings[0]?.message).toBe(
      'After the 10:00 Coffee Break, TWO (45 min) run until 11:15, 15 minutes into the 11:00 end of the day.',
    );
  });

  it('reports breaks that overlap each other', () => {
    const lunch = { kind: 'break' as const, title: 'Lunch', at: '10:15', duration: 60 };
    expect(
      codes(
        editionWith([
          session('one', 30),
          coffee('10:00'),
          lunch,
          session('two', 45),
          endAt('12:00'),
        ]),
      ),
    ).toEqual([
      { code: 'FIXED_TIMES_OVERLAP', severity: 'error', minutes: 15, ids: ['lunch-1015'] },
    ]);
  });

  it('reports explicit item durations that do not fit their session', () => {
    const tooLong = session('one', 30, [
      { title: 'a', duration: 20 },
      { title: 'b', duration: 20 },
    ]);
    expect(codes(editionWith([tooLong, endAt('10:00')]))[0]).toEqual({
      code: 'ITEMS_OVERFLOW_SESSION',
      severity: 'error',
      minutes: 10,
      ids: ['one'],
    });
  });

  it('reports explicit item durations that leave part of their session empty', () => {
    const tooShort = session('one', 30, [
      { title: 'a', duration: 10 },
      { title: 'b', duration: 10 },
    ]);
    expect(codes(editionWith([tooShort, endAt('10:00')]))).toEqual([
      { code: 'ITEMS_UNDERFILL_SESSION', severity: 'warning', minutes: 10, ids: ['one'] },
    ]);
  });

  it('reports an item left with no time', () => {
    const crowded = session('one', 30, [{ title: 'a', duration: 30 }, { title: 'b' }]);
    expect(codes(editionWith([crowded, endAt('10:00')]))).toEqual([
      { code: 'ITEM_WITHOUT_TIME', severity: 'error', minutes: 0, ids: ['one-b'] },
    ]);
  });

  it('reports an item whose next item is printed at the same time, and no overlap for start times only', () => {
    const printed = (...times: string[]) =>
      editionWith([
        {
          kind: 'session',
          id: 'one',
          title: 'ONE',
          segment: 'alpha',
          at: '09:00',
          items: times.map((at, index) => ({ title: `t${index}`, at })),
        },
        endAt('10:00'),
      ]);
    expect(codes(printed('09:00', '09:20', '09:35'))).toEqual([]);
    expect(lintAgenda(printed('09:00', '09:20', '09:20'))).toEqual([
      {
        code: 'ITEM_WITHOUT_TIME',
        severity: 'error',
        ids: ['one-t1'],
        minutes: 0,
        message: '"t1" in ONE gets no time: the item after it is fixed to start at 09:20.',
      },
    ]);
  });

  it('reports a speaker booked into items that overlap because a session overruns a break', () => {
    const speakers = [{ id: 'ada', name: 'Ada Lovelace' }];
    const edition = editionWith(
      [
        session('one', 90, [{ title: 'a', speakers: ['ada'] }]),
        { kind: 'break', title: 'Lunch', at: '10:30', duration: 15 },
        session('two', 30, [{ title: 'b', speakers: ['ada'] }]),
        endAt('11:15'),
      ],
      { speakers, startsAt: '09:30' },
    );
    expect(codes(edition)).toContainEqual({
      code: 'SPEAKER_DOUBLE_BOOKED',
      severity: 'error',
      minutes: 15,
      ids: ['ada', 'one-a', 'two-b'],
    });
  });

  it('warns about a segment without any session', () => {
    const edition = editionWith([session('one', 30), endAt('10:00')], {
      segments: [
        { id: 'alpha', name: 'ALPHA', description: 'Used.' },
        { id: 'beta', name: 'BETA', description: 'Unused.' },
      ],
    });
    expect(codes(edition)).toEqual([
      { code: 'SEGMENT_WITHOUT_SESSION', severity: 'warning', minutes: 0, ids: ['beta'] },
    ]);
  });

  it('reports an agenda that does not fit into one day', () => {
    const edition = editionWith([session('long', '20h'), endAt('08:00')]);
    expect(codes(edition)).toContainEqual({
      code: 'DAY_CROSSES_MIDNIGHT',
      severity: 'error',
      minutes: 720,
      ids: [],
    });
  });
});

describe('howToFix', () => {
  const fixes = (edition: Parameters<typeof lintAgenda>[0]) =>
    lintAgenda(edition).map((finding) => [finding.code, howToFix(finding)]);

  it('says which entries of the 2020 file to change, and by how much', () => {
    expect(fixes(seedEdition())).toEqual([
      [
        'OVERRUNS_FIXED_TIME',
        'shorten distribution, security, orchestration-1 by 30 minutes in all (their "duration"), or move lunch-break-1300 30 minutes later (its "at")',
      ],
    ]);
  });

  it('tells an item running into the next fixed item from one running past its session', () => {
    const edition = editionWith([
      {
        kind: 'session',
        id: 'one',
        title: 'ONE',
        segment: 'alpha',
        at: '09:00',
        duration: 60,
        items: [
          { title: 'a', duration: 30 },
          { title: 'b', at: '09:20', duration: 50 },
        ],
      },
      endAt('10:00'),
    ]);
    expect(fixes(edition)).toEqual(
      expect.arrayContaining([
        [
          'ITEM_TIMES_OVERLAP',
          'shorten one-a by 10 minutes, or move one-b 10 minutes later (its "at")',
        ],
        ['ITEM_TIMES_OVERLAP', 'shorten one-b by 10 minutes, or lengthen one by 10 minutes'],
      ]),
    );
  });
});
