import { describe, expect, it } from 'vitest';
import { publishEdition, summarize } from '#shared/edition/published.ts';
import { dateIn, isUpcoming, newestFirst, seriesOf } from '#shared/edition/series.ts';
import { onlineEdition, seedEdition } from '../../../support/editions.ts';

const edition = (year: number, lastDate: string, timezone = 'Europe/Berlin') => ({
  year,
  lastDate,
  timezone,
});

const e2019 = edition(2019, '2019-06-20');
const e2020 = edition(2020, '2020-06-26');
const e2021 = edition(2021, '2021-07-02');
const e2022 = edition(2022, '2022-06-02');
const years = (list: { year: number }[]) => list.map(({ year }) => year);

describe('the series', () => {
  it('lists editions newest first, whatever order they come in', () => {
    expect(years(newestFirst([e2020, e2022, e2019, e2021]))).toEqual([2022, 2021, 2020, 2019]);
  });

  it('features the next edition not over yet, the others past are the archive, newest first', () => {
    const series = seriesOf([e2019, e2020, e2021], new Date('2021-01-10T12:00:00Z'));
    expect(series.featured?.year).toBe(2021);
    expect(years(series.past)).toEqual([2020, 2019]);
    expect(series.later).toEqual([]);
  });

  it('keeps an edition upcoming through its last day, at its venue', () => {
    // 2020-06-26 23:30 in Berlin is 21:30 UTC: still the last day there.
    expect(isUpcoming(e2020, new Date('2020-06-26T21:30:00Z'))).toBe(true);
    expect(isUpcoming(e2020, new Date('2020-06-26T22:30:00Z'))).toBe(false);
    expect(
      isUpcoming(
        edition(2020, '2020-06-26', 'America/Los_Angeles'),
        new Date('2020-06-27T05:00:00Z'),
      ),
    ).toBe(true);
  });

  it('features the sooner of two upcoming editions; the later one is listed as later', () => {
    const series = seriesOf([e2022, e2020, e2021], new Date('2020-12-01T00:00:00Z'));
    expect(series.featured?.year).toBe(2021);
    expect(years(series.later)).toEqual([2022]);
    expect(years(series.past)).toEqual([2020]);
  });

  it('features the newest edition when every edition is over', () => {
    const series = seriesOf([e2019, e2021, e2020], new Date('2030-01-01T00:00:00Z'));
    expect(series.featured?.year).toBe(2021);
    expect(years(series.past)).toEqual([2020, 2019]);
  });

  it('has nothing to feature without editions', () => {
    expect(seriesOf([], new Date())).toEqual({ featured: null, later: [], past: [] });
  });

  it('reads the date at an instant in a zone', () => {
    expect(dateIn('Asia/Tokyo', new Date('2020-06-26T20:00:00Z'))).toBe('2020-06-27');
    expect(dateIn('Europe/Berlin', new Date('2020-06-26T20:00:00Z'))).toBe('2020-06-26');
  });
});

describe('the summary of an edition', () => {
  it('says where and when: mode, venue line, first and last day, and how many talks', () => {
    const seed = summarize(publishEdition(seedEdition()).details);
    expect(seed).toMatchObject({ year: 2020, date: '2020-06-25', lastDate: '2020-06-25' });
    expect(seed.location.mode).toBe('in-person');
    expect(seed.talkCount).toBeGreaterThan(10);
    const threeDays = summarize(publishEdition(onlineEdition()).details);
    expect(threeDays).toMatchObject({ date: '2020-06-16', lastDate: '2020-06-18' });
  });
});
