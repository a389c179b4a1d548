import { InvalidRequestError } from '#shared/errors.ts';
import { ULID_PATTERN } from '#shared/ulid.ts';

/**
 * Pages of a Query. The one cursor codec is the HTTP layer's (functions/http/cursor.ts): it signs
 * a position, the id of a page's last item, bound to its list. A store turns that position into
 * its ExclusiveStartKey here, and LastEvaluatedKey back into a position: the client never names a
 * key, and a key outside the listed range, which DynamoDB would refuse, cannot be built.
 */

export interface Page<T> {
  items: T[];
  /** The position of the page's last item when more may follow: the next page starts after it. */
  last: string | null;
}

/**
 * The Query input that continues after `position`. Paged positions are ULIDs (registrations,
 * audit entries); anything else was not written by the server.
 */
export function startAfter(
  position: string | undefined,
  keyOf: (position: string) => Record<string, string>,
): { ExclusiveStartKey?: Record<string, string> } {
  if (position === undefined) return {};
  if (!ULID_PATTERN.test(position)) {
    throw new InvalidRequestError([
      { name: 'cursor', in: 'query', detail: 'expected a nextCursor from a previous page' },
    ]);
  }
  return { ExclusiveStartKey: keyOf(position) };
}

/** The position the next page starts after, or null on the last page. */
export function nextPosition(
  lastEvaluatedKey: Record<string, unknown> | undefined,
  positionOf: (sk: string) => string,
): string | null {
  return lastEvaluatedKey ? positionOf(String(lastEvaluatedKey.sk)) : null;
}
