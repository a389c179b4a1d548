import type { EditionDetails } from '../edition/published.ts';

/** Confirmed people hear from us this long before the first day, unless the file says otherwise. */
const DEFAULT_REMINDER_MINUTES = 24 * 60;

/**
 * When the reminders of an edition go out, or null when they never will: an edition without
 * registrations has nobody to remind.
 */
function reminderTime(details: EditionDetails): Date | null {
  if (!details.registration) return null;
  const minutes = details.registration.reminderBefore ?? DEFAULT_REMINDER_MINUTES;
  return new Date(Date.parse(details.startsAt) - minutes * 60_000);
}

/** Due from the reminder time until the edition starts: a reminder after the start is no use. */
export function remindersDue(details: EditionDetails, now: Date): boolean {
  const at = reminderTime(details);
  return at !== null && now >= at && now < new Date(details.startsAt);
}
