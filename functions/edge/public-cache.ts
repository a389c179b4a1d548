/**
 * The front door's cache (CloudFront in AWS) and what a release changes in it. A release makes
 * new public representations of its edition; the cache is told to drop the old ones at once,
 * instead of serving them until their `Cache-Control` lifetime ends. Locally there is no such
 * cache.
 */

export interface PublicCache {
  /** The edition's public answers changed (a release was published): drop the cached ones. */
  invalidateEdition(year: number, version: number): Promise<void>;
}

/** Without a front door (the local server, tests): nothing is cached in between. */
export const noPublicCache: PublicCache = { invalidateEdition: async () => {} };

/**
 * Every public path that shows the published edition: the edition list and the series page (the
 * edition's summary), the edition's API paths and pages, and the speakers (a person's talks in
 * every edition). `*` matches any characters, `/` included.
 */
export function editionPaths(year: number): string[] {
  return [
    '/',
    '/editions',
    `/editions/${year}`,
    `/editions/${year}/*`,
    '/speakers/*',
    `/${year}`,
    `/${year}/*`,
  ];
}
