import type { Stores } from '#functions/data/stores.ts';
import { createReleaseFeed } from '#functions/releases/service.ts';

/** The release history the public app reads, from a set of stores. */
export function releasesOf(stores: Stores) {
  return createReleaseFeed(stores.agenda);
}
