import type { EditionSummary } from './published.ts';

/**
 * The series: every published edition, newest first, and which one is upcoming. Pure: the
 * clock's time is passed in, so that the page and its tests agree on what "today" is.
 */

type Dated = Pick<EditionSummary, 'year' | 'lastDate' | 'timezone'>;

export function newestFirst<Edition extends Pick<EditionSummary, 'year'>>(
  editions: readonly Edition[],
): Edition[] {
  return [...editions].sort((a, b) => b.year - a.year);
}

/** The calendar date (YYYY-MM-DD) at an instant in a time zone. */
export function dateIn(timeZone: string, at: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Not over yet: its last day is today or later, today at its venue. */
export function isUpcoming(edition: Dated, now: Date): boolean {
  return edition.lastDate >= dateIn(edition.timezone, now);
}

export interface Series<Edition> {
  /** The next edition not over yet; the newest when every edition is over; null when none. */
  featured: Edition | null;
  /** Editions after the featured one (announced early), soonest first. */
  later: Edition[];
  /** The others, over, newest first: the archive. */
  past: Edition[];
}

export function seriesOf<Edition extends Dated>(
  editions: readonly Edition[],
  now: Date,
): Series<Edition> {
  const ordered = newestFirst(editions);
  const upcoming = ordered.filter((edition) => isUpcoming(edition, now)).reverse();
  const featured = upcoming[0] ?? ordered[0] ?? null;
  return {
    featured,
    later: upcoming.slice(1),
    past: ordered.filter((edition) => edition !== featured && !upcoming.includes(edition)),
  };
}
