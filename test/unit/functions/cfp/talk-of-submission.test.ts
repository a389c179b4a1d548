import { describe, expect, it } from 'vitest';
import { talkOfSubmission } from '#functions/cfp/speakers/service.ts';
import { withLiveTimes } from '#shared/agenda/live.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { seedEdition } from '../../../support/editions.ts';

/** The talk a confirmed submission became, read from the published edition and its live layer. */

const edition = publishEdition(seedEdition());
const TALK = 'runtime-container-runtimes-overview';
const slot = edition.slots.find((candidate) => candidate.id === TALK);

describe('talkOfSubmission', () => {
  it('gives the slot of a confirmed submission’s talk: id, title, session, day, times, materials', () => {
    expect(talkOfSubmission(edition, { status: 'confirmed', talkId: TALK })).toEqual({
      id: TALK,
      title: 'Container Runtimes Overview',
      sessionId: 'runtime',
      day: '2020-06-25',
      start: slot?.start,
      end: slot?.end,
      materials: [],
    });
  });

  it('adds the live times once a delay moves the slot', () => {
    const delayed = withLiveTimes(edition, {
      version: 2,
      delays: [
        { from: 'runtime-introduction-and-scope', minutes: 15, setAt: '2020-06-25T09:00:00Z' },
      ],
    });
    const talk = talkOfSubmission(delayed, { status: 'confirmed', talkId: TALK });
    expect(talk?.live?.delayMinutes).toBe(15);
    expect(Date.parse(talk?.live?.start ?? '') - Date.parse(talk?.start ?? '')).toBe(15 * 60_000);
  });

  it('gives nothing before confirmation, without a talk, or when the release has no such talk', () => {
    expect(talkOfSubmission(edition, { status: 'accepted', talkId: TALK })).toBeUndefined();
    expect(talkOfSubmission(edition, { status: 'confirmed' })).toBeUndefined();
    expect(
      talkOfSubmission(edition, { status: 'confirmed', talkId: 'runtime-gone' }),
    ).toBeUndefined();
    expect(talkOfSubmission(undefined, { status: 'confirmed', talkId: TALK })).toBeUndefined();
  });
});
