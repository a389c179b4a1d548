import type { ReleaseHistory, ReleaseSummary } from '#functions/data/editions/release-history.ts';
import { type AgendaChanges, agendaChanges } from '#shared/draft/changes.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { InvalidRequestError, NotFoundError } from '#shared/errors.ts';

/**
 * The schedule's release history as the public reads it: the list of releases, and what changed
 * between two of them. Its own use case, so that the public function carries none of the
 * organizers' editing code.
 */

interface ReleaseChanges extends AgendaChanges {
  from: number;
  to: number;
}

export interface ReleaseFeed {
  listReleases(year: number): Promise<ReleaseSummary[]>;
  changes(year: number, from: number | undefined, to: number | undefined): Promise<ReleaseChanges>;
}

export function createReleaseFeed(history: ReleaseHistory): ReleaseFeed {
  async function changes(year: number, from: number | undefined, to: number | undefined) {
    const latest = await history.latestRelease(year);
    if (!latest) throw new NotFoundError(`There is no edition ${year}.`);
    const toNumber = to ?? latest.number;
    const fromNumber = from ?? Math.max(1, toNumber - 1);
    if (fromNumber > toNumber) {
      throw new InvalidRequestError([
        { name: 'from', in: 'query', detail: 'expected a release before "to"' },
      ]);
    }
    const [before, after] = await Promise.all([
      history.getRelease(year, fromNumber),
      history.getRelease(year, toNumber),
    ]);
    if (!before || !after) {
      throw new NotFoundError(`Edition ${year} has releases 1 to ${latest.number}.`);
    }
    return {
      from: fromNumber,
      to: toNumber,
      ...agendaChanges(publishEdition(before.source), publishEdition(after.source)),
    };
  }

  return { listReleases: history.listReleases, changes };
}
