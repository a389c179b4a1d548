/**
 * The content version public representations key on (published-editions.ts, ETags): the
 * published edition's version, then the live layer's (live-store.ts) once a delay was set.
 */

const LIVE_MARK = '.live';

/** The content version public representations key on: the edition's, then the live layer's. */
export const contentVersion = (editionVersion: string, liveVersion: number) =>
  liveVersion > 0 ? `${editionVersion}${LIVE_MARK}${liveVersion}` : editionVersion;

export function splitContentVersion(version: string): { edition: string; live: number } {
  const mark = version.lastIndexOf(LIVE_MARK);
  if (mark < 0) return { edition: version, live: 0 };
  return { edition: version.slice(0, mark), live: Number(version.slice(mark + LIVE_MARK.length)) };
}
