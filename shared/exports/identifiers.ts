import { createHash } from 'node:crypto';
import { type Slot, TALK_KINDS } from '../edition/published.ts';

/**
 * Identifiers that schedule apps and calendars keep across re-publishes: derived from the edition's
 * acronym and a slot's id, never from positions or times.
 */

/** Our own namespace for name-based (version 5) UUIDs. */
const WORKSHOP_NAMESPACE = '6f1b8f7e-2c41-5d8a-9b1e-7a3c2d4e5f60';

/** RFC 9562 UUID version 5 (SHA-1, name-based). */
export function uuidV5(name: string, namespace = WORKSHOP_NAMESPACE): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A positive 31-bit integer for formats that want numeric ids (frab's event id). */
export function stableNumber(name: string): number {
  return createHash('sha256').update(name, 'utf8').digest().readUInt32BE(0) & 0x7fffffff || 1;
}

/** "HPCW20" -> "hpcw20": the conference acronym schedule apps use. */
export function acronymOf(shortTitle: string): string {
  return shortTitle.toLowerCase().replace(/[^a-z0-9_]/g, '');
}

/** 75 minutes -> "01:15". */
export function hoursAndMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** What calendars and schedule apps get: every talk-like slot and the breaks, not the day's end. */
export const EXPORTED_KINDS: ReadonlySet<Slot['kind']> = new Set<Slot['kind']>([
  ...TALK_KINDS,
  'break',
]);
