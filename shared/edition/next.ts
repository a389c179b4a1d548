import type { EditionSource } from './schema.ts';

/**
 * Next year's edition from this year's: the series data, segments and the agenda's shape
 * (sessions, breaks, introductions and panels) carried over; talks and speakers left out; dates
 * moved by the years between. Organizers then fill in the talks.
 */

const ORDINAL = /^(\d+)(st|nd|rd|th)\b/;

function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** "6th Annual …" -> "7th Annual …" one year later. */
function nextTitle(title: string, years: number): string {
  const match = ORDINAL.exec(title);
  return match ? title.replace(ORDINAL, ordinal(Number(match[1]) + years)) : title;
}

/** "HPCW20" -> "HPCW21"; a short title without a two-digit year gets the year appended. */
function nextShortTitle(shortTitle: string, year: number): string {
  const twoDigits = String(year % 100).padStart(2, '0');
  return /\d{2}$/.test(shortTitle)
    ? shortTitle.replace(/\d{2}$/, twoDigits)
    : `${shortTitle}${twoDigits}`;
}

/** Same month, day and time, `years` later (for dates and ISO instants alike). */
function shiftYears(iso: string, years: number): string {
  return iso.replace(/^(\d{4})/, (year) => String(Number(year) + years));
}

export function nextEdition(source: EditionSource, year: number): EditionSource {
  const years = year - source.year;
  if (years <= 0) throw new RangeError(`The new edition (${year}) must come after ${source.year}.`);
  const { speakers: _speakers, registration, ...series } = source;
  return {
    ...series,
    year,
    title: nextTitle(source.title, years),
    shortTitle: nextShortTitle(source.shortTitle, year),
    ...(source.date === undefined ? {} : { date: shiftYears(source.date, years) }),
    ...(source.days === undefined
      ? {}
      : { days: source.days.map((day) => ({ ...day, date: shiftYears(day.date, years) })) }),
    speakers: [],
    ...(registration
      ? {
          registration: {
            ...registration,
            opensAt: shiftYears(registration.opensAt, years),
            closesAt: shiftYears(registration.closesAt, years),
          },
        }
      : {}),
    agenda: source.agenda.map((dated) => {
      const entry =
        dated.day === undefined ? dated : { ...dated, day: shiftYears(dated.day, years) };
      if (entry.kind !== 'session') return entry;
      // This year's slides and recordings are not next year's.
      const frame = entry.items
        .filter((item) => item.kind !== 'talk')
        .map(
          ({ speakers: _speakers, abstract: _abstract, materials: _materials, ...item }) => item,
        );
      const { materials: _materials, ...session } = entry;
      return {
        ...session,
        items: frame.length > 0 ? frame : [{ kind: 'panel' as const, title: 'Panel Discussion' }],
      };
    }),
  };
}
