import { describe, expect, it } from 'vitest';
import { lintAgenda } from '#shared/agenda/lint.ts';
import { updateBreak, updateSession, updateTalk, withExplicitIds } from '#shared/draft/edits.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { type EditionSource, editionSchema } from '#shared/edition/schema.ts';
import { onlineEdition } from '../../../support/editions.ts';

/** The three-day edition with a break on its second day, between its two sessions. */
function draft(): EditionSource {
  const source = withExplicitIds(onlineEdition());
  const agenda = [...source.agenda];
  agenda.splice(3, 0, { kind: 'break', id: 'coffee', title: 'Coffee', at: '18:30', duration: 30 });
  return editionSchema.parse({ ...source, agenda });
}

const sessionOf = (source: EditionSource, id: string) =>
  publishEdition(source).sessions.find((session) => session.id === id);
const slotOf = (source: EditionSource, id: string) =>
  publishEdition(source).slots.find((slot) => slot.id === id);

describe('draft edits on an edition of several days', () => {
  it('moves a break on its own day and keeps the source valid', () => {
    const next = updateBreak(draft(), 'coffee', { at: '18:35', duration: 25 });
    expect(editionSchema.parse(next)).toEqual(next);
    expect(slotOf(next, 'coffee')).toMatchObject({
      day: '2020-06-17',
      start: '2020-06-17T18:35:00+02:00',
      end: '2020-06-17T19:00:00+02:00',
    });
    expect(lintAgenda(next).map((finding) => finding.code)).toEqual(['GAP_BEFORE_FIXED_TIME']);
    expect(next.days).toEqual(draft().days);
  });

  it('sets and drops the own start time of a session on the last day', () => {
    const moved = updateSession(draft(), 'use-cases', { at: '19:30' });
    expect(sessionOf(moved, 'use-cases')).toMatchObject({
      day: '2020-06-18',
      start: '2020-06-18T19:30:00+02:00',
    });
    expect(publishEdition(moved).details.days.at(-1)?.endsAt).toBe('2020-06-18T21:00:00+02:00');
    const dropped = updateSession(draft(), 'use-cases', { at: null });
    // Without its own time, it follows the session before it.
    expect(sessionOf(dropped, 'use-cases')?.start).toBe('2020-06-18T18:30:00+02:00');
  });

  it('sets the own start time of a talk, and the lint reports the overlap it makes', () => {
    const next = updateTalk(draft(), 'build-live-panel', { at: '19:40' });
    expect(slotOf(next, 'build-live-panel')?.start).toBe('2020-06-16T19:40:00+02:00');
    expect(lintAgenda(next).map((finding) => finding.code)).toContain('ITEM_TIMES_OVERLAP');
    expect(updateTalk(next, 'build-live-panel', { at: null })).toEqual(draft());
  });

  it('moves a talk to a session on another day: its slot is on that day', () => {
    const next = updateTalk(draft(), 'runtime-lightning-talk-1-speaker-unknown', {
      sessionId: 'hpc-specific',
    });
    expect(slotOf(next, 'runtime-lightning-talk-1-speaker-unknown')?.day).toBe('2020-06-18');
  });
});
