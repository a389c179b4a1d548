import type { PublishedEdition, Slot } from '../edition/published.ts';
import { liveTimes } from './live.ts';

/**
 * What runs now and what comes next, for room screens: by the live times (a delayed slot runs
 * when it really runs). Where slots overlap (a morning running into lunch), the one that started
 * last is the one running: it is what the room sees.
 */

export interface LiveSlotView extends Slot {
  liveStart: string;
  liveEnd: string;
  delayMinutes: number;
}

export interface NowAndNext {
  at: string;
  now: LiveSlotView | null;
  next: LiveSlotView | null;
}

const view = (slot: Slot): LiveSlotView => {
  const { start, end } = liveTimes(slot);
  return { ...slot, liveStart: start, liveEnd: end, delayMinutes: slot.delayMinutes ?? 0 };
};

export function nowAndNext(edition: Pick<PublishedEdition, 'slots'>, at: Date): NowAndNext {
  const instant = at.getTime();
  const slots = edition.slots.filter((slot) => slot.kind !== 'end').map(view);
  const running = slots.filter(
    (slot) => Date.parse(slot.liveStart) <= instant && instant < Date.parse(slot.liveEnd),
  );
  const now = running.at(-1) ?? null;
  const next =
    slots.find(
      (slot) =>
        Date.parse(slot.liveStart) > instant && (now === null || slot.position > now.position),
    ) ?? null;
  return { at: at.toISOString(), now, next };
}
