import { type AgendaDay, agendaDays } from '../agenda/days.ts';

/** What the rules read of an edition: a shape of its own, as the schema uses these rules. */
interface DatedEdition {
  date?: string | undefined;
  startsAt?: string | undefined;
  days?: { date: string; startsAt?: string | undefined }[] | undefined;
  agenda: DatedEntry[];
}

type DatedEntry =
  | { kind: 'end'; title: string; day?: string | undefined }
  | { kind: 'break'; title: string; day?: string | undefined; duration?: number | undefined }
  | {
      kind: 'session';
      title: string;
      day?: string | undefined;
      at?: string | undefined;
      duration?: number | undefined;
    };

type Issue = (path: PropertyKey[], message: string) => void;

/**
 * The rules about days the edition schema checks: the days are listed once each and in order,
 * every entry is on one of them and entries come in time order, every day has entries, an end
 * that ends it and something that fixes its times. (That an item's own `at` is inside its session
 * needs the times: `fixedItemProblems`.)
 */
export function checkDays(edition: DatedEdition, issue: Issue): void {
  let problems = 0;
  const report: Issue = (path, message) => {
    problems += 1;
    issue(path, message);
  };
  if (edition.days !== undefined) {
    if (edition.date !== undefined) {
      report(['date'], 'no "date" when "days" lists the days (the first day is days[0].date)');
    }
    if (edition.startsAt !== undefined) {
      report(['startsAt'], 'no "startsAt" when "days" lists the days: set days[0].startsAt');
    }
    edition.days.forEach((day, index) => {
      const before = edition.days?.[index - 1];
      if (before === undefined) return;
      if (day.date === before.date) {
        report(['days', index, 'date'], `a date not listed before (${day.date} is day ${index})`);
      } else if (day.date < before.date) {
        report(['days', index, 'date'], `a date after ${before.date}: days are listed in order`);
      }
    });
  } else if (edition.date === undefined) {
    report(['date'], 'a date as YYYY-MM-DD, or "days" for an edition of several days');
  }
  if (problems > 0) return;

  const dates = edition.days?.map((day) => day.date) ?? [edition.date as string];
  let current = dates[0] as string;
  edition.agenda.forEach((entry, index) => {
    if (entry.day === undefined) return;
    if (!dates.includes(entry.day)) {
      report(['agenda', index, 'day'], `one of the edition's days: ${dates.join(', ')}`);
    } else if (entry.day < current) {
      report(
        ['agenda', index, 'day'],
        `a day not before ${current}: agenda entries are in time order`,
      );
    } else {
      current = entry.day;
    }
  });
  if (problems > 0) return;

  const days = agendaDays(edition);
  const last = edition.agenda.length - 1;
  days.forEach((day, dayIndex) => {
    const dayPath = edition.days === undefined ? ['date'] : ['days', dayIndex];
    if (day.entries.length === 0) {
      report(dayPath, `at least one agenda entry on ${day.date} (set "day" on its first entry)`);
      return;
    }
    const lastOfDay = day.entries.at(-1)?.index;
    for (const { entry, index } of day.entries) {
      if (entry.kind === 'end' && index !== lastOfDay) {
        report(
          ['agenda', index, 'kind'],
          edition.days === undefined
            ? 'the end entry as the last agenda entry'
            : 'the end entry as the last agenda entry of its day',
        );
      }
    }
    const anchored =
      day.startsAt !== undefined ||
      day.entries.some(({ entry }) => entry.kind !== 'session' || entry.at !== undefined);
    if (!anchored && edition.days !== undefined) {
      report(
        [...dayPath, 'startsAt'],
        `a start time for ${day.date}: it has no break, end or session with a fixed time`,
      );
    }
  });
  if (edition.days === undefined && edition.agenda.at(-1)?.kind !== 'end') {
    report(['agenda', last], 'an entry of kind "end" with the time the day ends, e.g. at: "18:00"');
  }
  if (problems > 0) return;
  for (const day of days) checkOpenDurations(day, issue);
}

const hasOwnTime = (entry: DatedEntry | undefined) =>
  entry !== undefined && (entry.kind !== 'session' || entry.at !== undefined);

/**
 * A session or break without a duration lasts until the next entry of its day starts: that entry
 * needs its own time, and a session without one needs something fixing when it starts.
 */
function checkOpenDurations(day: AgendaDay<DatedEntry>, issue: Issue): void {
  day.entries.forEach(({ entry, index }, position) => {
    if (entry.kind === 'end' || entry.duration !== undefined) return;
    const next = day.entries[position + 1]?.entry;
    const path = ['agenda', index, 'duration'];
    const missing = 'missing: required unless the next entry has its own "at"';
    if (next === undefined) {
      issue(
        path,
        `${missing} (nothing follows "${entry.title}" on ${day.date}: add an entry of kind "end")`,
      );
    } else if (!hasOwnTime(next)) {
      issue(path, `${missing} ("${next.title}" follows without one)`);
    } else if (
      day.startsAt === undefined &&
      day.entries.slice(0, position + 1).every((before) => !hasOwnTime(before.entry))
    ) {
      issue(
        path,
        `missing: required unless "${entry.title}" has its own "at" or its day a "startsAt" (nothing else fixes when it starts)`,
      );
    }
  });
}
