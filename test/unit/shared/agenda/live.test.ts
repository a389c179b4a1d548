import { describe, expect, it } from 'vitest';
import { type Delay, liveAgenda } from '#shared/agenda/live.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { editionWith, endAt, seedEdition, session } from '../../../support/editions.ts';

const edition = publishEdition(seedEdition());
const SET_AT = '2020-06-25T09:00:00Z';
const delay = (from: string, minutes: number, extra: Partial<Delay> = {}): Delay => ({
  from,
  minutes,
  setAt: SET_AT,
  ...extra,
});
const times = (delays: Delay[]) =>
  Object.fromEntries(
    liveAgenda(edition, delays).slots.map((slot) => [
      slot.id,
      `${slot.liveStart.slice(11, 16)}-${slot.liveEnd.slice(11, 16)} ${slot.delayMinutes}`,
    ]),
  );

const FIRST_TALK_AFTER_COFFEE = 'distribution-container-image-formats-oci-sif';

describe('a delay on the 2020 agenda', () => {
  it('shifts from the first talk after the 11:00 coffee until the 13:00 lunch absorbs it', () => {
    const live = times([delay(FIRST_TALK_AFTER_COFFEE, 15)]);
    expect(live).toMatchObject({
      [FIRST_TALK_AFTER_COFFEE]: '11:53-12:01 15',
      'orchestration-1-kubernetes-ecosystem': '13:30-13:45 15',
      'lunch-break-1300': '13:15-14:30 15',
    });
    expect(live).not.toHaveProperty('distribution-introduction-and-scope');
    expect(live).not.toHaveProperty('orchestration-2-other-schedulers-and-intersections');
    expect(Object.keys(live)).toHaveLength(13);
  });

  it('reports the lunch absorbing it and the morning talks that still run into lunch', () => {
    const { findings } = liveAgenda(edition, [delay(FIRST_TALK_AFTER_COFFEE, 15)]);
    expect(
      findings.map(({ code, severity, minutes, ids }) => ({ code, severity, minutes, ids })),
    ).toEqual([
      {
        code: 'DELAY_OVERLAPS_FIXED_TIME',
        severity: 'error',
        minutes: 30,
        ids: [
          'orchestration-1-workflow-orchestration',
          'orchestration-1-kubernetes-ecosystem',
          'lunch-break-1300',
        ],
      },
      { code: 'DELAY_SHORTENS_BREAK', severity: 'warning', minutes: 15, ids: ['lunch-break-1300'] },
    ]);
    expect(findings[0]?.message).toBe(
      'With the delay, Workflow Orchestration + Kubernetes Ecosystem run until 13:45, ' +
        '30 minutes into the 13:00 Lunch Break (starting 13:15).',
    );
  });

  it('carries what a break cannot absorb on after it, up to the end of the day', () => {
    const { slots, findings } = liveAgenda(edition, [delay('hpc-specifics-mpi-pmi-update', 45)]);
    expect(
      slots.find((slot) => slot.id === 'use-cases-6y-hpcw-containerization-recap'),
    ).toMatchObject({
      liveStart: '2020-06-25T16:45:00+02:00',
      delayMinutes: 15,
    });
    expect(findings.map(({ code, minutes }) => [code, minutes])).toEqual([
      ['DELAY_SWALLOWS_BREAK', 15],
      ['DELAY_RUNS_PAST_DAY_END', 15],
    ]);
  });

  it('moves slots earlier for a negative delay and reports the gap before the next fixed time', () => {
    const { slots, findings } = liveAgenda(edition, [
      delay('hpc-specifics-hpc-device-integration', -5),
    ]);
    expect(slots.map((slot) => slot.delayMinutes)).toEqual([-5, -5, -5, -5]);
    expect(slots[0]).toMatchObject({ liveStart: '2020-06-25T15:15:00+02:00' });
    expect(findings).toEqual([
      expect.objectContaining({ code: 'DELAY_LEAVES_GAP', minutes: 5, ids: ['coffee-break-1600'] }),
    ]);
  });

  it('is cleared by a later zero delay on the same slot', () => {
    const delays = [
      delay(FIRST_TALK_AFTER_COFFEE, 15),
      delay(FIRST_TALK_AFTER_COFFEE, 0, { setAt: '2020-06-25T10:00:00Z' }),
    ];
    expect(liveAgenda(edition, delays)).toEqual({ slots: [], findings: [] });
  });

  it('takes the latest delay on a slot, whatever the order of the list', () => {
    const delays = [
      delay(FIRST_TALK_AFTER_COFFEE, 10, { setAt: '2020-06-25T10:00:00Z' }),
      delay(FIRST_TALK_AFTER_COFFEE, 15),
    ];
    expect(times(delays)[FIRST_TALK_AFTER_COFFEE]).toBe('11:48-11:56 10');
  });

  it('stops at `until`, which keeps its planned time, and reports an overlap with it', () => {
    const { slots, findings } = liveAgenda(edition, [
      delay(FIRST_TALK_AFTER_COFFEE, 15, { until: 'security-introduction-and-scope' }),
    ]);
    expect(slots.map((slot) => slot.id)).toEqual([
      FIRST_TALK_AFTER_COFFEE,
      'distribution-distribution-mechanisms-and-tools',
      'distribution-panel-discussion',
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'DELAY_OVERLAPS_FIXED_TIME',
        minutes: 15,
        ids: [
          FIRST_TALK_AFTER_COFFEE,
          'distribution-distribution-mechanisms-and-tools',
          'distribution-panel-discussion',
          'security-introduction-and-scope',
        ],
      }),
    ]);
  });

  it('lets a later delay restate how late the day runs', () => {
    const live = times([
      delay(FIRST_TALK_AFTER_COFFEE, 15),
      delay('security-security-at-scale', 5),
    ]);
    expect(live['security-introduction-and-scope']).toBe('12:15-12:21 15');
    expect(live['security-security-at-scale']).toBe('12:11-12:17 5');
  });
});

describe('fixed starts', () => {
  it('marks the first item of a session with its own `at` and stops a delay before it', () => {
    const fixed = publishEdition(
      editionWith([session('one', 30), { ...session('two', 30), at: '10:30' }, endAt('11:00')], {
        startsAt: '10:00',
      }),
    );
    const [first, second] = fixed.slots.filter((slot) => slot.kind !== 'end');
    expect(second?.fixedStart).toBe(true);
    expect(first).not.toHaveProperty('fixedStart');
    const { slots, findings } = liveAgenda(fixed, [delay(first?.id ?? '', 10)]);
    expect(slots.map((slot) => slot.id)).toEqual([first?.id]);
    expect(findings.map(({ code, minutes }) => [code, minutes])).toEqual([
      ['DELAY_OVERLAPS_FIXED_TIME', 10],
    ]);
  });
});
