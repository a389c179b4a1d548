import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { seriesDir } from '../../support/series.ts';

/** The series through the local server, over an editions folder of the organizers' own. */

const dir = seriesDir();

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    editionsDir: dir,
    now: new Date('2026-11-27T10:00:00Z'),
  });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a series of three editions from another folder', () => {
  it('loads every edition file of the folder', () => {
    expect(stack.editions.map(({ edition }) => edition.year).sort()).toEqual([2019, 2020, 2030]);
  });

  it('lists them newest first, with where, when and how many talks', async () => {
    const response = await fetch(`${stack.url}/editions`);
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Record<string, any>[] };
    expect(items.map((item) => item.year)).toEqual([2030, 2020, 2019]);
    expect(items[0]).toMatchObject({
      date: '2030-06-20',
      lastDate: '2030-06-20',
      venue: 'Test Venue',
      location: { mode: 'in-person', venue: 'Test Venue' },
      talkCount: 2,
    });
    expect(items[2]).toMatchObject({ location: { mode: 'online' }, venue: 'Online', talkCount: 1 });
    expect(JSON.stringify(items)).not.toContain('meet.example');
  });

  it('pages newest first too', async () => {
    const first = (await (await fetch(`${stack.url}/editions?limit=2`)).json()) as any;
    expect(first.items.map((item: { year: number }) => item.year)).toEqual([2030, 2020]);
    const next = (await (
      await fetch(`${stack.url}/editions?limit=2&cursor=${first.nextCursor}`)
    ).json()) as any;
    expect(next.items.map((item: { year: number }) => item.year)).toEqual([2019]);
  });

  it('shows the upcoming edition on /, then the archive linking to each past edition', async () => {
    const response = await fetch(`${stack.url}/`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<h1>Future Workshop</h1>');
    const archive = /<ol class="series archive"[\s\S]*?<\/ol>/.exec(page)?.[0] ?? '';
    expect([...archive.matchAll(/href="\/(\d{4})"/g)].map((match) => match[1])).toEqual([
      '2020',
      '2019',
    ]);
    expect(archive).toContain('TW19: Online Workshop');
    expect(archive).toContain('Online &middot; 1 talk');
    expect(page).not.toContain('meet.example');
  });

  it('serves each archived edition its own page', async () => {
    for (const year of [2019, 2020]) {
      const response = await fetch(`${stack.url}/${year}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('id="agenda-heading"');
    }
  });
});
