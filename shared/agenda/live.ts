import type { PublishedEdition, Slot } from '../edition/published.ts';
import { InvalidRequestError } from '../errors.ts';
import { formatClockTime, toZonedIso } from './clock.ts';
import type { LintFinding } from './lint.ts';

/**
 * Live delays on the workshop day: a layer on top of the released agenda, never a release. From
 * the delayed slot on, start and end shift until the next fixed point: a break absorbs the delay
 * (it keeps its planned end and shrinks; what it cannot absorb carries on after it), while the
 * day's end, an item with its own `at` or the delay's `until` slot stop it and keep their times.
 * Like `lintAgenda`, nothing hides a conflict: what the delay causes comes back as findings.
 */

export interface Delay {
  /** The first slot that runs late (or early, for negative minutes). */
  from: string;
  /** 0 clears the delay set on `from`. */
  minutes: number;
  /** The first slot back on its planned time. */
  until?: string;
  /** ISO 8601: when it was set (in a history, the latest delay on a slot wins). */
  setAt: string;
}

interface LiveSlot {
  id: string;
  liveStart: string;
  liveEnd: string;
  /** How late the slot starts; negative when it starts early. */
  delayMinutes: number;
}

type LiveCode =
  | 'DELAY_SHORTENS_BREAK'
  | 'DELAY_SWALLOWS_BREAK'
  | 'DELAY_OVERLAPS_FIXED_TIME'
  | 'DELAY_RUNS_PAST_DAY_END'
  | 'DELAY_LEAVES_GAP';

type LiveFinding = Omit<LintFinding, 'code'> & { code: LiveCode };

export interface LiveAgenda {
  /** Only the slots whose times the delays change, in agenda order. */
  slots: LiveSlot[];
  findings: LiveFinding[];
}

type LiveEdition = Pick<PublishedEdition, 'slots'> & {
  details: Pick<PublishedEdition['details'], 'timezone' | 'days'>;
};

/** Minutes since the slot's local midnight, read from its ISO time with the venue's offset. */
const clockMinutes = (iso: string) => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));

/** The delays in force: the latest one set on each slot, without those that clear. */
export function activeDelays(delays: readonly Delay[]): Map<string, Delay> {
  const latest = new Map<string, Delay>();
  for (const delay of delays) {
    const previous = latest.get(delay.from);
    if (!previous || previous.setAt <= delay.setAt) latest.set(delay.from, delay);
  }
  for (const [from, delay] of latest) if (delay.minutes === 0) latest.delete(from);
  return latest;
}

/**
 * How many delays may be in force at once. A delay is keyed by its slot, so a day never needs more
 * than it has slots; the bound keeps the stored layer far below DynamoDB's 400 KB item limit: a
 * delay with two 100-character slot ids takes under 300 bytes as JSON, 200 of them under 60 KB.
 */
export const MAX_ACTIVE_DELAYS = 200;

export interface AppliedDelay {
  /** The delays in force afterwards, one a slot, none of 0 minutes. */
  delays: Delay[];
  /** The delay that was in force on the slot before, if any. */
  replaced?: Delay;
}

/**
 * The layer after `delay`: it replaces the delay in force on its slot (the one applied last wins,
 * whatever the clocks that stamped them), 0 minutes clears it, the other slots' delays stay and
 * compose as before. Only what is in force is kept; the history is the audit trail's. `layer` may
 * still be a history (kept before the layer was bounded): it is reduced first. Past
 * MAX_ACTIVE_DELAYS, a delay on one more slot is refused, naming `from`; replacing or clearing one
 * in force always works.
 */
export function applyDelay(layer: readonly Delay[], delay: Delay): AppliedDelay {
  const active = activeDelays(layer);
  const replaced = active.get(delay.from);
  active.delete(delay.from);
  if (delay.minutes !== 0) {
    if (active.size >= MAX_ACTIVE_DELAYS) {
      throw new InvalidRequestError([
        {
          name: 'from',
          in: 'body',
          detail: `${MAX_ACTIVE_DELAYS} delays are in force already, the most the live layer holds: clear one (minutes 0) or replace one (same from) instead`,
        },
      ]);
    }
    active.set(delay.from, delay);
  }
  return { delays: [...active.values()], ...(replaced ? { replaced } : {}) };
}

export function liveAgenda(edition: LiveEdition, delays: readonly Delay[]): LiveAgenda {
  const active = activeDelays(delays);
  const timeZone = edition.details.timezone;
  const live: LiveSlot[] = [];
  const findings: LiveFinding[] = [];
  const byDay = Map.groupBy(edition.slots, (slot) => slot.day);
  for (const day of edition.details.days) {
    const slots = byDay.get(day.date) ?? [];
    const at = (minutes: number) => toZonedIso(day.date, minutes, timeZone);
    let carry = 0;
    let until: string | undefined;
    /** The slots shifted since the last fixed point, with their live end in minutes. */
    let shifted: { slot: Slot; end: number }[] = [];
    const stopAt = (fixed: Slot, fixedStart: number) => {
      const over = shifted.filter(({ end }) => end > fixedStart);
      const latest = Math.max(...over.map(({ end }) => end));
      if (carry > 0 && over.length > 0) findings.push(overlap(fixed, over, latest, fixedStart));
      const lastEnd = shifted.at(-1)?.end;
      if (carry < 0 && lastEnd !== undefined && lastEnd < fixedStart) {
        findings.push(gap(fixed, fixedStart - lastEnd));
      }
      shifted = [];
    };
    for (const slot of slots) {
      const start = clockMinutes(slot.start);
      const end = start + slot.durationMinutes;
      const delay = active.get(slot.id);
      if (slot.id === until) {
        stopAt(slot, start);
        carry = 0;
        until = undefined;
      }
      if (delay) {
        carry = delay.minutes;
        until = delay.until;
        shifted = [];
      }
      if (carry === 0) continue;
      if (slot.kind === 'end' || (slot.fixedStart && !delay)) {
        stopAt(slot, start);
        carry = 0;
        continue;
      }
      if (slot.kind === 'break') {
        stopAt(slot, start + Math.max(carry, 0));
        if (carry < 0) {
          carry = 0;
          continue;
        }
        const absorbed = Math.min(carry, slot.durationMinutes);
        live.push(liveSlot(slot, at(start + carry), at(Math.max(end, start + carry)), carry));
        findings.push(
          absorbed < carry ? swallowed(slot, carry - absorbed) : shortened(slot, absorbed, start),
        );
        carry -= absorbed;
        continue;
      }
      live.push(liveSlot(slot, at(start + carry), at(end + carry), carry));
      shifted.push({ slot, end: end + carry });
    }
    const lastEnd = shifted.at(-1)?.end;
    const dayEnd = clockMinutes(day.endsAt);
    if (carry > 0 && lastEnd !== undefined && lastEnd > dayEnd) {
      findings.push(pastEnd(shifted.at(-1)?.slot as Slot, lastEnd - dayEnd, dayEnd));
    }
  }
  return { slots: live, findings };
}

function liveSlot(slot: Slot, liveStart: string, liveEnd: string, minutes: number): LiveSlot {
  return { id: slot.id, liveStart, liveEnd, delayMinutes: minutes };
}

const titles = (slots: { slot: Slot }[]) => slots.map(({ slot }) => slot.title).join(' + ');
const clock = (slot: Slot) => formatClockTime(clockMinutes(slot.start));

function overlap(
  fixed: Slot,
  over: { slot: Slot }[],
  end: number,
  fixedStart: number,
): LiveFinding {
  const minutes = end - fixedStart;
  const ids = [...over.map(({ slot }) => slot.id), fixed.id];
  if (fixed.kind === 'end') {
    return {
      code: 'DELAY_RUNS_PAST_DAY_END',
      severity: 'error',
      ids,
      minutes,
      message: `With the delay, ${titles(over)} run until ${formatClockTime(end)}, ${minutes} minutes past the ${clock(fixed)} end of the day.`,
    };
  }
  return {
    code: 'DELAY_OVERLAPS_FIXED_TIME',
    severity: 'error',
    ids,
    minutes,
    message: `With the delay, ${titles(over)} run until ${formatClockTime(end)}, ${minutes} minutes into the ${clock(fixed)} ${fixed.title}${fixed.kind === 'break' ? ` (starting ${formatClockTime(fixedStart)})` : ''}.`,
  };
}

function shortened(slot: Slot, minutes: number, start: number): LiveFinding {
  return {
    code: 'DELAY_SHORTENS_BREAK',
    severity: 'warning',
    ids: [slot.id],
    minutes,
    message: `The ${clock(slot)} ${slot.title} absorbs the delay: it starts at ${formatClockTime(start + minutes)} and is ${minutes} minutes shorter.`,
  };
}

function swallowed(slot: Slot, rest: number): LiveFinding {
  return {
    code: 'DELAY_SWALLOWS_BREAK',
    severity: 'error',
    ids: [slot.id],
    minutes: rest,
    message: `The delay swallows the ${clock(slot)} ${slot.title}; ${rest} minutes carry on after it.`,
  };
}

function gap(fixed: Slot, minutes: number): LiveFinding {
  return {
    code: 'DELAY_LEAVES_GAP',
    severity: 'warning',
    ids: [fixed.id],
    minutes,
    message: `Running early leaves ${minutes} minutes free before the ${clock(fixed)} ${fixed.title}.`,
  };
}

function pastEnd(last: Slot, minutes: number, dayEnd: number): LiveFinding {
  return {
    code: 'DELAY_RUNS_PAST_DAY_END',
    severity: 'error',
    ids: [last.id],
    minutes,
    message: `With the delay, ${last.title} ends ${minutes} minutes after the day's ${formatClockTime(dayEnd)} end.`,
  };
}

/** The edition with the live times on the slots the delays move; the planned times stay. */
export function withLiveTimes(
  edition: PublishedEdition,
  layer: { version: number; delays: readonly Delay[] },
): PublishedEdition {
  if (layer.version === 0) return edition;
  const moved = new Map(liveAgenda(edition, layer.delays).slots.map((slot) => [slot.id, slot]));
  return {
    ...edition,
    liveVersion: layer.version,
    slots: edition.slots.map((slot) => {
      const live = moved.get(slot.id);
      return live ? { ...slot, ...live } : slot;
    }),
  };
}

/** A slot's times as they run on the day. */
export const liveTimes = (slot: Slot) => ({
  start: slot.liveStart ?? slot.start,
  end: slot.liveEnd ?? slot.end,
});
