import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { delaySlots, staleDelays } from '#shared/agenda/delay-slots.ts';
import { type Delay, liveAgenda } from '#shared/agenda/live.ts';
import { parseEditionFile } from '#shared/edition/parse.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { InvalidRequestError } from '#shared/errors.ts';
import { onlineEdition, seedEdition } from '../../../support/editions.ts';

const proposal = publishEdition(seedEdition());
const online = publishEdition(onlineEdition());
const SET_AT = '2020-06-16T15:00:00.000Z';
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const HISTORY_FILE = 'editions/history/hpcw-2020-online.yaml';

/** The field and detail of the 400 a call throws. */
function refusal(call: () => unknown) {
  try {
    call();
  } catch (error) {
    if (error instanceof InvalidRequestError) {
      return error.errors.map(({ name, detail }) => ({ name, detail }));
    }
    throw error;
  }
  throw new Error('expected a 400');
}

describe('the slots a delay names', () => {
  it('takes slot ids as they are', () => {
    expect(
      delaySlots(proposal, 2020, {
        from: 'security-security-at-scale',
        until: 'security-panel-discussion',
      }),
    ).toEqual({ from: 'security-security-at-scale', until: 'security-panel-discussion' });
  });

  it('reads a session in from as its first slot', () => {
    expect(delaySlots(online, 2020, { from: 'runtime' })).toEqual({
      from: 'runtime-introduction',
    });
  });

  it('reads a session in until as ending the delay with it: the slot after it is back on time', () => {
    expect(delaySlots(proposal, 2020, { from: 'runtime', until: 'runtime' })).toEqual({
      from: 'runtime-introduction-and-scope',
      until: 'build-test-introduction-and-scope',
    });
    // The day's last session: nothing after it that day, the day's end stops the delay.
    expect(
      delaySlots(online, 2020, { from: 'build-lightning-talk-2-speaker-unknown', until: 'build' }),
    ).toEqual({
      from: 'build-lightning-talk-2-speaker-unknown',
    });
  });

  it('stops a delay named by session id at the item with its own time', () => {
    const { from } = delaySlots(online, 2020, { from: 'runtime' });
    const live = liveAgenda(online, [{ from, minutes: 20, setAt: SET_AT }]);
    expect(live.slots.map((slot) => [slot.id, slot.liveStart.slice(11, 16)])).toEqual([
      ['runtime-introduction', '17:20'],
      ['runtime-lightning-talk-1-speaker-unknown', '17:25'],
      ['runtime-lightning-talk-2-speaker-unknown', '17:35'],
      ['runtime-lightning-talk-3-speaker-unknown', '17:45'],
      ['runtime-lightning-talk-4-speaker-unknown', '17:55'],
    ]);
    expect(live.findings).toEqual([
      expect.objectContaining({ code: 'DELAY_OVERLAPS_FIXED_TIME', minutes: 20 }),
    ]);
  });

  it.each([
    [
      { from: 'no-such-id' },
      'from',
      /no slot or session of the 2020 agenda has the id "no-such-id"/,
    ],
    [{ from: 'runtime', until: 'no-such-id' }, 'until', /has the id "no-such-id"/],
    [
      { from: 'runtime', until: 'distribute' },
      'until',
      /on 2020-06-17 and "runtime" on 2020-06-16/,
    ],
    [
      {
        from: 'runtime-lightning-talk-3-speaker-unknown',
        until: 'runtime-lightning-talk-2-speaker-unknown',
      },
      'until',
      /must come after/,
    ],
    [
      {
        from: 'runtime-lightning-talk-3-speaker-unknown',
        until: 'runtime-lightning-talk-3-speaker-unknown',
      },
      'until',
      /must come after/,
    ],
    [{ from: 'build', until: 'runtime' }, 'until', /the session "runtime" ends before "build"/],
  ])('refuses %j naming %s', (named, field, detail) => {
    expect(refusal(() => delaySlots(online, 2020, named))).toEqual([
      { name: field, detail: expect.stringMatching(detail) },
    ]);
  });
});

describe('the delays a release leaves stale', () => {
  const delay = (from: string, extra: Partial<Delay> = {}): Delay => ({
    from,
    minutes: 10,
    setAt: SET_AT,
    ...extra,
  });

  it('keeps every delay when the slots stay where they were', () => {
    const delays = [delay('runtime-introduction-and-scope', { until: 'coffee-break-1100' })];
    expect(staleDelays(proposal, proposal, delays)).toEqual([]);
  });

  it('drops a delay whose slot is removed, or was removed by an earlier release', () => {
    const without = {
      slots: proposal.slots.filter((slot) => slot.id !== 'security-runtime-security'),
    };
    const delays = [delay('security-runtime-security'), delay('security-security-at-scale')];
    expect(staleDelays(proposal, without, delays)).toEqual([
      {
        from: 'security-runtime-security',
        minutes: 10,
        slotId: 'security-runtime-security',
        reason: 'removed',
      },
    ]);
    // The id came back, but the delay was posted on an agenda that did not have it.
    expect(staleDelays(without, proposal, delays)).toEqual([
      {
        from: 'security-runtime-security',
        minutes: 10,
        slotId: 'security-runtime-security',
        reason: 'removed',
      },
    ]);
  });

  it('drops the delays of June 25 when the workshop moves to June 16-18 (the history file)', () => {
    const history = publishEdition(
      parseEditionFile(HISTORY_FILE, readFileSync(join(ROOT, HISTORY_FILE), 'utf8')),
    );
    const dropped = staleDelays(proposal, history, [
      delay('runtime-introduction-and-scope'),
      delay('security-security-at-scale', { minutes: 5 }),
    ]);
    expect(dropped).toEqual([
      {
        from: 'runtime-introduction-and-scope',
        minutes: 10,
        slotId: 'runtime-introduction-and-scope',
        reason: 'moved',
        start: '2020-06-16T17:00:00+02:00',
      },
      {
        from: 'security-security-at-scale',
        minutes: 5,
        slotId: 'security-security-at-scale',
        reason: 'removed',
      },
    ]);
  });

  it('drops a delay whose slot or until moved to another time, naming the slot and its new start', () => {
    const later = {
      slots: proposal.slots.map((slot) =>
        slot.id === 'coffee-break-1100' ? { ...slot, start: '2020-06-25T11:10:00+02:00' } : slot,
      ),
    };
    const onOtherDay = {
      slots: proposal.slots.map((slot) =>
        slot.id === 'runtime-panel-discussion'
          ? { ...slot, day: '2020-06-26', start: '2020-06-26T09:45:00+02:00' }
          : slot,
      ),
    };
    const delays = [
      delay('runtime-panel-discussion'),
      delay('build-test-introduction-and-scope', { until: 'coffee-break-1100' }),
    ];
    expect(staleDelays(proposal, later, delays)).toEqual([
      {
        from: 'build-test-introduction-and-scope',
        until: 'coffee-break-1100',
        minutes: 10,
        slotId: 'coffee-break-1100',
        reason: 'moved',
        start: '2020-06-25T11:10:00+02:00',
      },
    ]);
    expect(staleDelays(proposal, onOtherDay, delays)).toEqual([
      {
        from: 'runtime-panel-discussion',
        minutes: 10,
        slotId: 'runtime-panel-discussion',
        reason: 'moved',
        start: '2020-06-26T09:45:00+02:00',
      },
    ]);
  });

  it('checks only that the slots exist on a first release', () => {
    expect(
      staleDelays(undefined, proposal, [delay('gone'), delay('security-runtime-security')]),
    ).toEqual([{ from: 'gone', minutes: 10, slotId: 'gone', reason: 'removed' }]);
  });
});
