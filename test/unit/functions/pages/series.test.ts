import { describe, expect, it } from 'vitest';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import { type PublishedEdition, publishEdition, summarize } from '#shared/edition/published.ts';
import {
  editionWith,
  endAt,
  onlineEdition,
  seedEdition,
  session,
} from '../../../support/editions.ts';

/** `/` is the series: the upcoming edition's page first, then later and past editions. */

const seed = publishEdition(seedEdition()); // 2020-06-25, Frankfurt
const threeDays = publishEdition({ ...onlineEdition(), year: 2019 }); // 2020-06-16..18 as 2019
const future = publishEdition(
  editionWith(
    [session('opening', 60, [{ title: 'Welcome' }, { title: 'Containers now' }]), endAt('11:00')],
    {
      year: 2031,
      date: '2031-06-20',
      venue: undefined,
      location: { mode: 'online', stream: { url: 'https://meet.example/secret', room: 'Stage' } },
    } as never,
  ),
);
const soon = publishEdition(editionWith([session('opening', 30), endAt('10:00')], { year: 2030 }));

function pagesWith(editions: PublishedEdition[], now: string) {
  const byYear = new Map(editions.map((edition) => [edition.details.year, edition]));
  const store: Pick<EditionStore, 'getPublishedEdition' | 'listEditions' | 'getEdition'> = {
    getPublishedEdition: async (year) => byYear.get(year),
    listEditions: async () => editions.map((edition) => summarize(edition.details)),
    getEdition: async () => undefined,
  };
  return createPagesApp({
    store: store as EditionStore,
    seats: { getSeatCounter: async () => undefined },
    clock: () => new Date(now),
  });
}

async function home(editions: PublishedEdition[], now: string) {
  const response = await pagesWith(editions, now).request('/');
  expect(response.status).toBe(200);
  return response.text();
}

const heading = (page: string) => /<h1>([^<]*)<\/h1>/.exec(page)?.[1];
const archiveYears = (page: string) =>
  [
    ...(/<ol class="series archive"[\s\S]*?<\/ol>/.exec(page)?.[0] ?? '').matchAll(
      /href="\/(\d{4})"/g,
    ),
  ].map((match) => Number(match[1]));

describe('the series on /', () => {
  it('shows the upcoming edition first and the past ones as an archive, newest first', async () => {
    const page = await home([threeDays, seed, soon], '2021-01-01T12:00:00Z');
    expect(heading(page)).toBe('Test Workshop');
    expect(page).toContain('<h2 id="series-heading">The series</h2>');
    expect(archiveYears(page)).toEqual([2020, 2019]);
    expect(page.indexOf('agenda-heading')).toBeLessThan(page.indexOf('series-heading'));
  });

  it('gives each archived edition its dates, where and how many talks', async () => {
    const page = await home([threeDays, seed, soon], '2021-01-01T12:00:00Z');
    const entry2019 = /<li class="edition" data-year="2019">[\s\S]*?<\/li>/.exec(page)?.[0] ?? '';
    expect(entry2019).toContain(
      '<a href="/2019">HPCW20: 6th Annual High Performance Containers Workshop</a>',
    );
    expect(entry2019).toContain(
      '<time datetime="2020-06-16">2020-06-16</time>&ndash;<time datetime="2020-06-18">2020-06-18</time>',
    );
    expect(entry2019).toContain(`${threeDays.details.talkCount} talks`);
    const entry2020 = /<li class="edition" data-year="2020">[\s\S]*?<\/li>/.exec(page)?.[0] ?? '';
    expect(entry2020).toContain(`${seed.details.venue} &middot; ${seed.details.talkCount} talks`);
  });

  it('features the newest edition when all are over, the others archived', async () => {
    const page = await home([seed, threeDays], '2025-01-01T00:00:00Z');
    expect(heading(page)).toBe(seed.details.title);
    expect(archiveYears(page)).toEqual([2019]);
  });

  it('keeps an edition featured through its last day', async () => {
    const page = await home([seed, soon], '2030-06-20T21:00:00Z');
    expect(heading(page)).toBe('Test Workshop');
    const after = await home([seed, soon], '2030-06-20T22:30:00Z');
    expect(after).toContain('<li class="edition" data-year="2020">');
    expect(heading(after)).toBe('Test Workshop'); // the newest, as all are over
    expect(archiveYears(after)).toEqual([2020]);
  });

  it('lists an edition announced after the upcoming one as later, never its join URL', async () => {
    const page = await home([seed, soon, future], '2030-01-01T00:00:00Z');
    expect(heading(page)).toBe('Test Workshop');
    expect(page).toContain('<h3 id="later-heading">Later editions</h3>');
    const entry = /<li class="edition" data-year="2031">[\s\S]*?<\/li>/.exec(page)?.[0] ?? '';
    expect(entry).toContain('Online (Stage)');
    expect(entry).toContain('2 talks');
    expect(page).not.toContain('meet.example');
    expect(archiveYears(page)).toEqual([2020]);
  });

  it('shows no series section for a single edition, and /{year} never shows one', async () => {
    expect(await home([seed], '2020-01-01T00:00:00Z')).not.toContain('series-heading');
    const response = await pagesWith([seed, threeDays], '2020-01-01T00:00:00Z').request('/2020');
    expect(await response.text()).not.toContain('series-heading');
  });
});
