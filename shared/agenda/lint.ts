import type { EditionSource } from '../edition/schema.ts';
import { formatClockTime } from './clock.ts';
import {
  itemDurations,
  type TimedAgenda,
  type TimedDay,
  type TimedEntry,
  type TimedSession,
  timeAgenda,
  untilNextMinutes,
} from './timing.ts';

/**
 * Finds what does not add up in an agenda. It only reports: the published times stay those that
 * `timeAgenda` computes, so an organizer sees the conflict instead of a silently shifted schedule.
 */

type LintCode =
  | 'OVERRUNS_FIXED_TIME'
  | 'GAP_BEFORE_FIXED_TIME'
  | 'FIXED_TIMES_OVERLAP'
  | 'ITEMS_OVERFLOW_SESSION'
  | 'ITEMS_UNDERFILL_SESSION'
  | 'ITEM_WITHOUT_TIME'
  | 'SPEAKER_DOUBLE_BOOKED'
  | 'DAY_CROSSES_MIDNIGHT'
  | 'ITEM_TIMES_OVERLAP'
  | 'GAP_BEFORE_FIXED_ITEM'
  | 'SEGMENT_WITHOUT_SESSION';

export interface LintFinding {
  code: LintCode;
  severity: 'error' | 'warning';
  /** Ids of the sessions, items, breaks, segments or speakers involved. */
  ids: string[];
  /** Size of the problem in minutes (0 where time is not the issue). */
  minutes: number;
  message: string;
}

type LintedEdition = Pick<EditionSource, 'agenda' | 'startsAt' | 'segments'> &
  Partial<Pick<EditionSource, 'date' | 'days'>>;

export function lintAgenda(edition: LintedEdition, timed: TimedAgenda = timeAgenda(edition)) {
  return [
    ...timed.days.flatMap((day) => onDay(timed, day, fixedTimeFindings(day))),
    ...sessionFillFindings(edition, timed),
    ...timed.days.flatMap((day) => onDay(timed, day, fixedItemFindings(day))),
    ...timed.days.flatMap((day) => onDay(timed, day, speakerFindings(day))),
    ...timed.days.flatMap((day) => onDay(timed, day, dayFindings(day))),
    ...segmentFindings(edition, timed),
  ];
}

export function hasErrors(findings: LintFinding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}

/** Findings of an edition of several days say which day they are on. */
function onDay(timed: TimedAgenda, day: TimedDay, findings: LintFinding[]): LintFinding[] {
  if (timed.days.length < 2) return findings;
  return findings.map((finding) => ({ ...finding, message: `${day.date}: ${finding.message}` }));
}

const sessionNames = (sessions: TimedSession[]) => sessions.map((s) => s.title).join(' + ');
const totalMinutes = (sessions: TimedSession[]) =>
  sessions.reduce((sum, session) => sum + session.end - session.start, 0);

function describeFixed(entry: TimedEntry): string {
  return entry.kind === 'end'
    ? `the ${formatClockTime(entry.start)} end of the day`
    : `the ${formatClockTime(entry.start)} ${entry.title}`;
}

/**
 * Each run of sessions between two fixed times must end exactly when the next fixed time begins.
 * A session with its own `at` is a fixed time too, but one that may follow a gap: sessions that
 * are not contiguous say so with their `at`.
 */
function fixedTimeFindings(day: TimedDay): LintFinding[] {
  const findings: LintFinding[] = [];
  let previousFixed: TimedEntry | undefined;
  let runStart = day.start;
  let run: TimedSession[] = [];
  for (const entry of day.entries) {
    if (entry.kind === 'session' && !entry.hasFixedStart) {
      run.push(entry);
      continue;
    }
    const runEnd = run.at(-1)?.end ?? runStart;
    const minutes = Math.abs(runEnd - entry.start);
    const after = previousFixed
      ? `After ${describeFixed(previousFixed)}`
      : `From the ${formatClockTime(runStart)} start`;
    const ids = [...run.map((session) => session.id), entry.id];
    if (runEnd > entry.start && run.length > 0) {
      findings.push({
        code: 'OVERRUNS_FIXED_TIME',
        severity: 'error',
        ids,
        minutes,
        message:
          `${after}, ${sessionNames(run)} (${totalMinutes(run)} min) run until ` +
          `${formatClockTime(runEnd)}, ${minutes} minutes into ${describeFixed(entry)}.`,
      });
    } else if (runEnd > entry.start) {
      findings.push({
        code: 'FIXED_TIMES_OVERLAP',
        severity: 'error',
        ids,
        minutes,
        message: `${after} ends at ${formatClockTime(runEnd)}, ${minutes} minutes after ${describeFixed(entry)} begins.`,
      });
    } else if (runEnd < entry.start && entry.kind !== 'session') {
      const what =
        run.length > 0
          ? `${sessionNames(run)} end at ${formatClockTime(runEnd)}`
          : 'nothing is scheduled';
      findings.push({
        code: 'GAP_BEFORE_FIXED_TIME',
        severity: 'warning',
        ids,
        minutes,
        message: `${after}, ${what}, leaving ${minutes} unplanned minutes before ${describeFixed(entry)}.`,
      });
    }
    previousFixed = entry;
    runStart = entry.end;
    run = [];
    if (entry.kind === 'session') {
      run.push(entry);
      runStart = entry.start;
    }
  }
  return findings;
}

function sessionFillFindings(edition: LintedEdition, timed: TimedAgenda): LintFinding[] {
  return edition.agenda.flatMap((entry, index): LintFinding[] => {
    const session = timed.entries[index];
    if (entry.kind !== 'session' || session?.kind !== 'session') return [];
    const sessionMinutes = session.end - session.start;
    // Items timed by the next item's `at` count as given: they take no share.
    const given = entry.items.map(
      (item, itemIndex) => item.duration ?? untilNextMinutes(entry.items, itemIndex, session.end),
    );
    const explicitMinutes = given.reduce<number>((sum, minutes) => sum + (minutes ?? 0), 0);
    const allExplicit = given.every((minutes) => minutes !== undefined);
    const findings: LintFinding[] = [];
    if (explicitMinutes > sessionMinutes) {
      const minutes = explicitMinutes - sessionMinutes;
      findings.push({
        code: 'ITEMS_OVERFLOW_SESSION',
        severity: 'error',
        ids: [session.id],
        minutes,
        message: `The items of ${session.title} need ${explicitMinutes} minutes, ${minutes} more than its ${sessionMinutes}.`,
      });
    } else if (allExplicit && explicitMinutes < sessionMinutes) {
      const minutes = sessionMinutes - explicitMinutes;
      findings.push({
        code: 'ITEMS_UNDERFILL_SESSION',
        severity: 'warning',
        ids: [session.id],
        minutes,
        message: `The items of ${session.title} take ${explicitMinutes} of its ${sessionMinutes} minutes, leaving ${minutes} unplanned.`,
      });
    }
    const durations = itemDurations(entry.items, session.start, session.end);
    session.items.forEach((item, itemIndex) => {
      if (durations[itemIndex] !== 0) return;
      findings.push({
        code: 'ITEM_WITHOUT_TIME',
        severity: 'error',
        ids: [item.id],
        minutes: 0,
        message:
          given[itemIndex] === 0
            ? `"${item.title}" in ${session.title} gets no time: the item after it is fixed to start at ${formatClockTime(session.items[itemIndex + 1]?.start ?? item.start)}.`
            : `"${item.title}" in ${session.title} gets no time: the other items use all ${sessionMinutes} minutes.`,
      });
    });
    return findings;
  });
}

/** Items with their own `at` must leave neither a gap nor an overlap with the items around them. */
function fixedItemFindings(day: TimedDay): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const session of day.entries) {
    if (session.kind !== 'session' || !session.items.some((item) => item.hasFixedStart)) continue;
    session.items.forEach((item, index) => {
      const before = session.items[index - 1];
      const previousEnd = before?.end ?? session.start;
      const what = before ? `"${before.title}" ends` : `${session.title} starts`;
      const ids = before ? [before.id, item.id] : [session.id, item.id];
      if (item.hasFixedStart && previousEnd > item.start) {
        const minutes = previousEnd - item.start;
        findings.push({
          code: 'ITEM_TIMES_OVERLAP',
          severity: 'error',
          ids,
          minutes,
          message: `In ${session.title}, ${what} at ${formatClockTime(previousEnd)}, ${minutes} minutes after "${item.title}" is fixed to start (${formatClockTime(item.start)}).`,
        });
      } else if (item.hasFixedStart && previousEnd < item.start) {
        const minutes = item.start - previousEnd;
        findings.push({
          code: 'GAP_BEFORE_FIXED_ITEM',
          severity: 'warning',
          ids,
          minutes,
          message: `In ${session.title}, ${what} at ${formatClockTime(previousEnd)}, leaving ${minutes} unplanned minutes before "${item.title}" at ${formatClockTime(item.start)}.`,
        });
      }
    });
    const last = session.items.at(-1);
    if (last && last.end > session.end) {
      const minutes = last.end - session.end;
      findings.push({
        code: 'ITEM_TIMES_OVERLAP',
        severity: 'error',
        ids: [last.id, session.id],
        minutes,
        message: `In ${session.title}, "${last.title}" ends at ${formatClockTime(last.end)}, ${minutes} minutes after the session ends (${formatClockTime(session.end)}).`,
      });
    }
  }
  return findings;
}

function speakerFindings(day: TimedDay): LintFinding[] {
  const items = day.entries.flatMap((entry) => (entry.kind === 'session' ? entry.items : []));
  const findings: LintFinding[] = [];
  items.forEach((first, index) => {
    for (const second of items.slice(index + 1)) {
      const overlap = Math.min(first.end, second.end) - Math.max(first.start, second.start);
      if (overlap <= 0) continue;
      for (const speakerId of first.speakerIds.filter((id) => second.speakerIds.includes(id))) {
        findings.push({
          code: 'SPEAKER_DOUBLE_BOOKED',
          severity: 'error',
          ids: [speakerId, first.id, second.id],
          minutes: overlap,
          message: `Speaker ${speakerId} is in "${first.title}" and "${second.title}", which overlap by ${overlap} minutes.`,
        });
      }
    }
  });
  return findings;
}

function dayFindings(day: TimedDay): LintFinding[] {
  const dayEnd = Math.max(...day.entries.map((entry) => entry.end));
  if (day.start >= 0 && dayEnd <= 24 * 60) return [];
  return [
    {
      code: 'DAY_CROSSES_MIDNIGHT',
      severity: 'error',
      ids: [],
      minutes: Math.max(-day.start, dayEnd - 24 * 60),
      message: 'The agenda does not fit into one day: check the durations and the fixed times.',
    },
  ];
}

function segmentFindings(edition: LintedEdition, timed: TimedAgenda): LintFinding[] {
  const used = new Set(
    timed.entries.flatMap((entry) => (entry.kind === 'session' ? [entry.segmentId] : [])),
  );
  return edition.segments
    .filter((segment) => !used.has(segment.id))
    .map((segment) => ({
      code: 'SEGMENT_WITHOUT_SESSION',
      severity: 'warning',
      ids: [segment.id],
      minutes: 0,
      message: `Segment ${segment.name} has no session in the agenda.`,
    }));
}
