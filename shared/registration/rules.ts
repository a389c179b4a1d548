import type { RegistrationConfig } from '../edition/schema.ts';

/** Registration rules that need no database: windows, retention, what the public may see. */

export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled';

export type WindowState = 'not-yet-open' | 'open' | 'closed';

export function windowState(
  config: Pick<RegistrationConfig, 'opensAt' | 'closesAt'>,
  now: Date,
): WindowState {
  const time = now.getTime();
  if (time < Date.parse(config.opensAt)) return 'not-yet-open';
  return time < Date.parse(config.closesAt) ? 'open' : 'closed';
}

/** The same address however it was typed: " Ada@Example.ORG " and "ada@example.org" collide. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const DAY_SECONDS = 24 * 60 * 60;

/** DynamoDB TTL (epoch seconds): the end of the workshop plus the edition's retention. */
export function retentionExpiry(eventEndsAt: string, retentionDays: number): number {
  return Math.floor(Date.parse(eventEndsAt) / 1000) + retentionDays * DAY_SECONDS;
}

export interface SeatCounts {
  capacity: number;
  confirmed: number;
  waitlisted: number;
}

export interface PublicRegistrationState {
  open: boolean;
  opensAt: string;
  closesAt: string;
  capacity: number;
  seatsLeft: number;
  waitlistLength: number;
  audiences: { id: string; label: string }[];
}

export function publicRegistrationState(
  config: RegistrationConfig,
  counts: SeatCounts | undefined,
  now: Date,
): PublicRegistrationState {
  const confirmed = counts?.confirmed ?? 0;
  // The counter's capacity: an organizer may have changed it since the file's (PUT …/capacity).
  const capacity = counts?.capacity ?? config.capacity;
  return {
    open: windowState(config, now) === 'open',
    opensAt: config.opensAt,
    closesAt: config.closesAt,
    capacity,
    seatsLeft: Math.max(0, capacity - confirmed),
    waitlistLength: counts?.waitlisted ?? 0,
    audiences: config.audiences,
  };
}
