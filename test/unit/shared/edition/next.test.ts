import { describe, expect, it } from 'vitest';
import { nextEdition } from '#shared/edition/next.ts';
import { editionSchema } from '#shared/edition/schema.ts';
import { seedWithSpeakers } from '../../../support/published.ts';

describe("next year's edition", () => {
  const next = nextEdition(seedWithSpeakers(), 2021);

  it('carries the series on, one year later', () => {
    expect(next).toMatchObject({
      year: 2021,
      title: '7th Annual High Performance Containers Workshop',
      shortTitle: 'HPCW21',
      date: '2021-06-25',
      timezone: 'Europe/Berlin',
      website: 'http://qnib.org/isc/',
    });
    expect(next.segments).toHaveLength(8);
    expect(next.registration).toMatchObject({
      opensAt: '2021-03-02T09:00:00+01:00',
      closesAt: '2021-06-25T08:45:00+02:00',
    });
  });

  it('keeps the agenda frame but no talks and no speakers', () => {
    expect(next.speakers).toEqual([]);
    const items = next.agenda.flatMap((entry) => (entry.kind === 'session' ? entry.items : []));
    expect(items.some((item) => item.kind === 'talk')).toBe(false);
    expect(items.some((item) => item.speakers?.length)).toBe(false);
    expect(next.agenda.filter((entry) => entry.kind === 'break').map((entry) => entry.at)).toEqual([
      '11:00',
      '13:00',
      '16:00',
    ]);
  });

  it('is a valid edition file', () => {
    expect(editionSchema.safeParse(next).success).toBe(true);
  });

  it('refuses to go back in time', () => {
    expect(() => nextEdition(seedWithSpeakers(), 2020)).toThrow(RangeError);
  });
});
