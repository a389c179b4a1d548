import type { EditionDetails, PublishedDay } from '../edition/published.ts';

/**
 * Dates and times as the messages say them: calendar dates (no zone shifts them) and the venue's
 * wall-clock times with its zone's label, as on the edition's page.
 */

const calendarDate = (date: string) => new Date(`${date}T12:00:00Z`);

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

const DAY = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "25 June 2020", or "16–18 June 2020" for several days. */
export function editionDates(details: Pick<EditionDetails, 'date' | 'lastDate'>): string {
  return details.lastDate === details.date
    ? DATE.format(calendarDate(details.date))
    : DATE.formatRange(calendarDate(details.date), calendarDate(details.lastDate));
}

const clock = (iso: string) => iso.slice(11, 16);

/** The label of the venue's zone (CEST), as the edition's page shows it. */
export function zoneLabel(details: Pick<EditionDetails, 'displayTimeZones' | 'timezone'>): string {
  return details.displayTimeZones[0]?.label ?? details.timezone;
}

/** "Thursday, 25 June 2020, 08:45–18:00 CEST". */
export function dayLine(day: PublishedDay, label: string): string {
  return `${DAY.format(calendarDate(day.date))}, ${clock(day.startsAt)}–${clock(day.endsAt)} ${label}`;
}

/** "Thursday, 25 June 2020 at 08:45 CEST": when the edition begins. */
export function startLine(details: EditionDetails): string {
  return `${DAY.format(calendarDate(details.date))} at ${clock(details.startsAt)} ${zoneLabel(details)}`;
}
