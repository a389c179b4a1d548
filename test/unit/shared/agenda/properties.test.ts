import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatClockTime } from '#shared/agenda/clock.ts';
import { lintAgenda } from '#shared/agenda/lint.ts';
import { timeAgenda } from '#shared/agenda/timing.ts';
import { editionWith } from '../../../support/editions.ts';

/** Agenda timing and lint on random editions: properties, not examples. */

const item = fc.record({
  title: fc.constantFrom('Talk', 'Panel', 'Intro', 'Demo', 'Q&A'),
  duration: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
});

const session = fc.record({
  duration: fc.integer({ min: 5, max: 120 }),
  items: fc.array(item, { minLength: 1, maxLength: 5 }),
});

/** Sessions in runs, a break with a fixed time after each run, the end after the last. */
const agenda = fc
  .record({
    start: fc.integer({ min: 7 * 60, max: 9 * 60 }),
    runs: fc.array(
      fc.record({
        sessions: fc.array(session, { minLength: 1, maxLength: 3 }),
        breakAt: fc.integer({ min: 0, max: 180 }),
        breakLength: fc.integer({ min: 10, max: 90 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    endAfter: fc.integer({ min: 0, max: 120 }),
  })
  .map(({ start, runs, endAfter }) => {
    const entries: Parameters<typeof editionWith>[0] = [];
    let clock = start;
    runs.forEach((run, runIndex) => {
      run.sessions.forEach((generated, sessionIndex) => {
        entries.push({
          kind: 'session',
          id: `s${runIndex}-${sessionIndex}`,
          title: `S${runIndex}.${sessionIndex}`,
          segment: 'alpha',
          duration: generated.duration,
          items: generated.items.map((generatedItem, itemIndex) => ({
            id: `s${runIndex}-${sessionIndex}-i${itemIndex}`,
            title: generatedItem.title,
            ...(generatedItem.duration === undefined ? {} : { duration: generatedItem.duration }),
          })),
        });
      });
      // Fixed times only move forward; runs may overrun them or leave gaps.
      clock = Math.min(clock + run.breakAt + 30, 20 * 60);
      entries.push({
        kind: 'break',
        id: `b${runIndex}`,
        title: 'Break',
        at: formatClockTime(clock),
        duration: run.breakLength,
      });
      clock = Math.min(clock + run.breakLength, 21 * 60);
    });
    entries.push({ kind: 'end', at: formatClockTime(Math.min(clock + endAfter, 23 * 60 + 59)) });
    return editionWith(entries, { startsAt: formatClockTime(start) });
  });

describe('agenda timing, for any edition', () => {
  it('lays items end to end from their session start, never backwards', () => {
    fc.assert(
      fc.property(agenda, (edition) => {
        for (const entry of timeAgenda(edition).entries) {
          expect(entry.end).toBeGreaterThanOrEqual(entry.start);
          if (entry.kind !== 'session') continue;
          expect(entry.items[0]?.start).toBe(entry.start);
          entry.items.forEach((current, index) => {
            expect(current.end).toBeGreaterThanOrEqual(current.start);
            const next = entry.items[index + 1];
            if (next) expect(next.start).toBe(current.end);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fills a session exactly when no explicit durations overflow it and every item gets time', () => {
    fc.assert(
      fc.property(agenda, (edition) => {
        const timed = timeAgenda(edition);
        edition.agenda.forEach((entry, index) => {
          const session = timed.entries[index];
          if (entry.kind !== 'session' || session?.kind !== 'session') return;
          const explicit = entry.items.reduce((sum, one) => sum + (one.duration ?? 0), 0);
          const sharing = entry.items.filter((one) => one.duration === undefined).length;
          if (sharing > 0 && session.end - session.start - explicit >= sharing) {
            expect(session.items.at(-1)?.end).toBe(session.end);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('starts each session where the previous one ended, or where the break before it ended', () => {
    fc.assert(
      fc.property(agenda, (edition) => {
        const { entries, dayStart } = timeAgenda(edition);
        entries.forEach((entry, index) => {
          if (entry.kind !== 'session') return;
          const before = entries[index - 1];
          expect(entry.start).toBe(before ? before.end : dayStart);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('reports every overlap with a fixed time, with its size in minutes', () => {
    fc.assert(
      fc.property(agenda, (edition) => {
        const { entries } = timeAgenda(edition);
        const findings = lintAgenda(edition);
        entries.forEach((entry, index) => {
          const before = entries[index - 1];
          if (entry.kind === 'session' || !before || before.end <= entry.start) return;
          const overlap = before.end - entry.start;
          const reported = findings.find(
            (finding) =>
              ['OVERRUNS_FIXED_TIME', 'FIXED_TIMES_OVERLAP'].includes(finding.code) &&
              finding.ids.at(-1) === entry.id &&
              finding.minutes === overlap,
          );
          expect(reported, `overlap of ${overlap} min before ${entry.id}`).toBeDefined();
        });
      }),
      { numRuns: 300 },
    );
  });
});
