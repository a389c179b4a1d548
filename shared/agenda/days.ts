/**
 * Which day each agenda entry is on. An edition is one day (`date`, `startsAt`) or several
 * (`days: [{ date, startsAt? }]`); an agenda entry is on the day its `day` names or, without one,
 * on the day of the entry before it (the first day for the first entry). Shapes of their own, so
 * that the edition schema can use this to check its days.
 */

interface DatedEntry {
  day?: string | undefined;
}

export interface DaysSource<Entry extends DatedEntry> {
  date?: string | undefined;
  startsAt?: string | undefined;
  days?: { date: string; startsAt?: string | undefined }[] | undefined;
  agenda: Entry[];
}

export interface AgendaDay<Entry> {
  date: string;
  startsAt: string | undefined;
  /** The day's entries in file order, with their index in the agenda. */
  entries: { entry: Entry; index: number }[];
}

/** The edition's days in order, each with its entries; entries on unknown days are left out. */
export function agendaDays<Entry extends DatedEntry>(
  source: DaysSource<Entry>,
): AgendaDay<Entry>[] {
  const days: AgendaDay<Entry>[] = (
    source.days ?? [{ date: source.date ?? '', startsAt: source.startsAt }]
  ).map((day) => ({ date: day.date, startsAt: day.startsAt, entries: [] }));
  const byDate = new Map(days.map((day) => [day.date, day]));
  let current = days[0]?.date;
  source.agenda.forEach((entry, index) => {
    current = entry.day ?? current;
    if (current !== undefined) byDate.get(current)?.entries.push({ entry, index });
  });
  return days;
}
