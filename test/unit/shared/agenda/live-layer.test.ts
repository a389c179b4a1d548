import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelay, type Delay, liveAgenda, MAX_ACTIVE_DELAYS } from '#shared/agenda/live.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { InvalidRequestError } from '#shared/errors.ts';
import { MAX_SLUG_LENGTH } from '#shared/slug.ts';
import { seedEdition } from '../../../support/editions.ts';

/** The live layer keeps the delays in force only: one a slot, a new one replacing the old. */

const edition = publishEdition(seedEdition());
const slotIds = edition.slots.map((slot) => slot.id);
const FIRST_TALK_AFTER_COFFEE = 'distribution-container-image-formats-oci-sif';
const LUNCH = 'lunch-break-1300';

const delay = (from: string, minutes: number, setAt: string, until?: string): Delay => ({
  from,
  minutes,
  setAt,
  ...(until === undefined ? {} : { until }),
});
const fold = (delays: Delay[]) =>
  delays.reduce<Delay[]>((layer, next) => applyDelay(layer, next).delays, []);

describe('applyDelay', () => {
  it('replaces the delay in force on the slot, even one stamped later by another clock', () => {
    const first = delay(FIRST_TALK_AFTER_COFFEE, 15, '2020-06-25T09:00:05Z');
    const second = delay(FIRST_TALK_AFTER_COFFEE, 5, '2020-06-25T09:00:04Z');
    const { delays, replaced } = applyDelay([first], second);
    expect(delays).toEqual([second]);
    expect(replaced).toEqual(first);
  });

  it('clears with 0 minutes, keeping the other slots’ delays', () => {
    const other = delay(LUNCH, 10, '2020-06-25T09:00:00Z');
    const layer = fold([delay(FIRST_TALK_AFTER_COFFEE, 15, '2020-06-25T09:00:01Z'), other]);
    expect(applyDelay(layer, delay(FIRST_TALK_AFTER_COFFEE, 0, '2020-06-25T09:00:02Z'))).toEqual({
      delays: [other],
      replaced: expect.objectContaining({ minutes: 15 }),
    });
    expect(applyDelay([other], delay(FIRST_TALK_AFTER_COFFEE, 0, 'x'))).toEqual({
      delays: [other],
    });
  });

  it('reduces a stored history to the delays in force first', () => {
    const history = [
      delay(FIRST_TALK_AFTER_COFFEE, 15, '2020-06-25T09:00:01Z'),
      delay(LUNCH, 10, '2020-06-25T09:00:02Z'),
      delay(FIRST_TALK_AFTER_COFFEE, 0, '2020-06-25T09:00:03Z'),
      delay(LUNCH, 20, '2020-06-25T09:00:04Z'),
    ];
    const next = delay('security-security-at-scale', 5, '2020-06-25T09:00:05Z');
    expect(applyDelay(history, next).delays).toEqual([history[3], next]);
  });

  it('moves the agenda as the whole history did: delays from slots an earlier one covers still compose', () => {
    const arbitraryDelay = fc.record({
      from: fc.constantFrom(...slotIds),
      minutes: fc.oneof(fc.constant(0), fc.integer({ min: -30, max: 60 })),
      until: fc.option(fc.constantFrom(...slotIds), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryDelay, { maxLength: 25 }), (posts) => {
        // A history in the order set, as the layer kept it before it was bounded.
        const history = posts.map(({ from, minutes, until }, index) =>
          delay(from, minutes, new Date(Date.UTC(2020, 5, 25, 7, 0, index)).toISOString(), until),
        );
        const layer = fold(history);
        expect(new Set(layer.map(({ from }) => from)).size).toBe(layer.length);
        expect(layer.every(({ minutes }) => minutes !== 0)).toBe(true);
        expect(liveAgenda(edition, layer)).toEqual(liveAgenda(edition, history));
      }),
      { numRuns: 200 },
    );
  });

  it(`refuses a delay on one more slot past ${MAX_ACTIVE_DELAYS} in force, naming from; replacing or clearing still works`, () => {
    const full = fold(
      Array.from({ length: MAX_ACTIVE_DELAYS }, (_, index) => delay(`slot-${index}`, 5, 'x')),
    );
    expect(full).toHaveLength(MAX_ACTIVE_DELAYS);
    let refusal: unknown;
    try {
      applyDelay(full, delay('one-more', 5, 'y'));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(InvalidRequestError);
    expect((refusal as InvalidRequestError).errors).toEqual([
      expect.objectContaining({ name: 'from', in: 'body' }),
    ]);
    expect(applyDelay(full, delay('slot-7', 10, 'y')).delays).toHaveLength(MAX_ACTIVE_DELAYS);
    expect(applyDelay(full, delay('slot-7', 0, 'y')).delays).toHaveLength(MAX_ACTIVE_DELAYS - 1);
    expect(applyDelay(full, delay('one-more', 0, 'y')).delays).toHaveLength(MAX_ACTIVE_DELAYS);
  });

  it('keeps a full layer of the longest ids far below the 400 KB item limit', () => {
    const id = (index: number) => `${index}-`.padEnd(MAX_SLUG_LENGTH, 'x');
    const full = fold(
      Array.from({ length: MAX_ACTIVE_DELAYS }, (_, index) =>
        delay(id(index), -240, '2020-06-25T09:00:00.000Z', id(index + 1)),
      ),
    );
    expect(Buffer.byteLength(JSON.stringify(full))).toBeLessThan(64 * 1024);
  });
});
