import { describe, expect, it } from 'vitest';
import { withLiveTimes } from '#shared/agenda/live.ts';
import { nowAndNext } from '#shared/agenda/now.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { seedEdition } from '../../../support/editions.ts';

const edition = publishEdition(seedEdition());
const titles = (result: ReturnType<typeof nowAndNext>) => [result.now?.title, result.next?.title];

describe('now and next on the 2020 agenda', () => {
  it.each([
    ['2020-06-25T09:20:00+02:00', 'Container Runtimes Overview', 'The state of container runtimes'],
    ['2020-06-25T11:10:00+02:00', 'Coffee Break', 'Introduction and Scope'],
    ['2020-06-25T08:00:00+02:00', undefined, 'Workshop Introduction'],
    ['2020-06-25T18:30:00+02:00', undefined, undefined],
  ])('at %s, %s runs and %s is next', (at, now, next) => {
    expect(titles(nowAndNext(edition, new Date(at)))).toEqual([now, next]);
  });

  it('follows the live times of a delay', () => {
    const late = withLiveTimes(edition, {
      version: 1,
      delays: [
        { from: 'runtime-introduction-and-scope', minutes: 10, setAt: '2020-06-25T09:00:00Z' },
      ],
    });
    const result = nowAndNext(late, new Date('2020-06-25T09:20:00+02:00'));
    expect(titles(result)).toEqual(['Introduction and Scope', 'Container Runtimes Overview']);
    expect(result.now).toMatchObject({
      delayMinutes: 10,
      liveEnd: '2020-06-25T09:25:00+02:00',
      end: '2020-06-25T09:15:00+02:00',
    });
  });
});
