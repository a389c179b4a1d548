import { beforeAll, describe, expect, it } from 'vitest';
import { createStores } from '#functions/data/stores.ts';
import type { PublicCache } from '#functions/edge/public-cache.ts';
import { type AgendaService, createAgendaService } from '#functions/organizers/agenda-service.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { freshTable } from '../../support/dynamodb.ts';
import { seedEdition } from '../../support/editions.ts';

/** A release tells the front door's cache, after it is committed; a refused one does not. */

const told: [number, number][] = [];
const spy: PublicCache = {
  invalidateEdition: async (year, release) => {
    told.push([year, release]);
  },
};
let service: AgendaService;

beforeAll(async () => {
  const stores = createStores(await freshTable());
  const clock = () => new Date('2020-01-10T10:00:00Z');
  await publishEditionFile(stores, seedEdition(), clock());
  service = createAgendaService(stores, clock, spy);
});

describe('a release and the front door', () => {
  it('tells the cache of nothing while the draft equals the release', async () => {
    await expect(service.release(2020, 'organizer', { name: 'v2', comment: '' })).rejects.toThrow(
      /no changes/,
    );
    expect(told).toEqual([]);
  });

  it('tells the cache the edition and the release number once it is published', async () => {
    await service.edit({
      year: 2020,
      who: 'organizer',
      action: 'edit',
      target: 'edition',
      apply: (source) => ({
        source: { ...source, title: `${source.title} (revised)` },
        result: null,
        summary: 'A new title.',
      }),
    });
    // The seed's morning overruns its fixed times: a lint error, released anyway.
    const { release } = await service.release(2020, 'organizer', {
      name: 'v2',
      comment: '',
      force: { reason: 'the seed overruns' },
    });
    expect(release.number).toBe(2);
    expect(told).toEqual([[2020, 2]]);
  });
});
