import type { PublishedEdition, Slot } from '../edition/published.ts';
import { InvalidRequestError } from '../errors.ts';
import type { Delay } from './live.ts';

/**
 * Which slots a live delay names, as organizers say them, and which delays a release leaves
 * behind. A delay is kept by slot ids (live.ts): `from` the first slot running late, `until` the
 * first slot back on time. Organizers may name a session instead: "the RUNTIME session runs 10
 * minutes late" is `from` its first slot; `until` a session ends the delay with that session, so
 * the slot after its last one (that day) is the first back on time. Session and slot ids are
 * unique together in an agenda, so an id names one or the other.
 */

type Agenda = Pick<PublishedEdition, 'slots'>;

export interface DelaySlots {
  from: string;
  /** Absent when the delay runs to the next fixed point (a break, a fixed time, the day's end). */
  until?: string;
}

const refuse = (name: 'from' | 'until', detail: string) =>
  new InvalidRequestError([{ name, in: 'body', detail }]);

/**
 * The slot ids a delay posted as `{ from, until? }` stands for, each a slot id or a session id.
 * An id that names neither, or an `until` on another day than `from` or not after it, is a 400
 * naming the field.
 */
export function delaySlots(
  agenda: Agenda,
  year: number,
  named: { from: string; until?: string | undefined },
): DelaySlots {
  const { slots } = agenda;
  const unknown = (name: 'from' | 'until', id: string) =>
    refuse(name, `no slot or session of the ${year} agenda has the id "${id}"`);
  const sessionSlots = (id: string) => slots.filter((slot) => slot.sessionId === id);

  const from = slots.find((slot) => slot.id === named.from) ?? sessionSlots(named.from).at(0);
  if (!from) throw unknown('from', named.from);
  if (named.until === undefined) return { from: from.id };

  const untilSlot = slots.find((slot) => slot.id === named.until);
  const untilSession = untilSlot ? [] : sessionSlots(named.until);
  // The slot the delay ends with: `until` itself, or the session's last slot.
  const last = untilSlot ?? untilSession.at(-1);
  if (!last) throw unknown('until', named.until);
  if (last.day !== from.day) {
    throw refuse(
      'until',
      `"${named.until}" is on ${last.day} and "${named.from}" on ${from.day}: a delay ends on the day it starts (post one a day)`,
    );
  }
  const after = untilSlot ? last.position > from.position : last.position >= from.position;
  if (!after) {
    throw refuse(
      'until',
      untilSlot
        ? `"${named.until}" is the first slot back on time: it must come after "${named.from}"`
        : `the session "${named.until}" ends before "${named.from}": name a session or slot after it`,
    );
  }
  if (untilSlot) return { from: from.id, until: untilSlot.id };
  // After the session, the next slot of its day is back on time; none: the day's end is.
  const next = slots[slots.indexOf(last) + 1];
  return next?.day === from.day ? { from: from.id, until: next.id } : { from: from.id };
}

type DropReason = 'removed' | 'moved';

export interface DroppedDelay {
  from: string;
  until?: string;
  minutes: number;
  /** The slot that was removed or moved: `from` or `until`. */
  slotId: string;
  /**
   * `removed`: the slot is not in the new agenda (or was not in the last one: an earlier release
   * removed it). `moved`: it is on another day or at another time.
   */
  reason: DropReason;
  /** For `moved`: the slot's planned start now (ISO 8601 with the venue's offset). */
  start?: string;
}

/**
 * The delays a release leaves without their slots: those whose `from` or `until` slot it removed
 * or moved to another day or time. A delay is relative to the planned times it was posted on; on
 * new ones it would move the wrong talks, or show "running late" on another day. `before` is the
 * agenda the delays were posted on (the last release; none for a first one).
 */
export function staleDelays(
  before: Agenda | undefined,
  after: Agenda,
  delays: readonly Delay[],
): DroppedDelay[] {
  const now = new Map(after.slots.map((slot) => [slot.id, slot]));
  const then = before && new Map(before.slots.map((slot) => [slot.id, slot]));
  const change = (id: string): Pick<DroppedDelay, 'reason' | 'start'> | undefined => {
    const slot = now.get(id);
    const previous: Slot | undefined = then?.get(id);
    if (!slot || (then && !previous)) return { reason: 'removed' };
    if (previous && (previous.day !== slot.day || previous.start !== slot.start)) {
      return { reason: 'moved', start: slot.start };
    }
    return undefined;
  };
  return delays.flatMap((delay) => {
    for (const slotId of [delay.from, delay.until]) {
      if (slotId === undefined) continue;
      const changed = change(slotId);
      if (!changed) continue;
      return [
        {
          from: delay.from,
          ...(delay.until === undefined ? {} : { until: delay.until }),
          minutes: delay.minutes,
          slotId,
          ...changed,
        },
      ];
    }
    return [];
  });
}
