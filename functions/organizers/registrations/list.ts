import type * as z from 'zod/mini';
import type {
  RegistrationRecord,
  RegistrationStore,
} from '#functions/data/registrations/registration-store.ts';
import type { Cursors } from '#functions/http/cursor.ts';
import type { registrationSearchQuery } from './schemas.ts';
import { matchesSearch, organizerView, searchText } from './views.ts';

/**
 * A page of the registration list: by status (the status index) or all (the registrations'
 * partition), in creation order, and with `q` filtered in memory as it is read (names and
 * addresses are stored as given, so no key or index can match them in any case).
 */

export type RegistrationReads = Pick<RegistrationStore, 'listRegistrations' | 'waitlistPositions'>;

/** The most registrations one search page reads: 10 Queries of 100. */
const SEARCH_BUDGET = 1000;
const SEARCH_CHUNK = 100;

export async function registrationPage(
  {
    registrations,
    cursors,
    requireEdition,
  }: {
    registrations: RegistrationReads;
    cursors: Cursors;
    requireEdition: (year: number) => Promise<void>;
  },
  year: number,
  query: z.output<typeof registrationSearchQuery>,
) {
  const needle = query.q === undefined ? undefined : searchText(query.q);
  // The list: edition, status filter and search text, not the page size.
  const scope = `registrations/${year}/${query.status ?? 'all'}${needle === undefined ? '' : `/q/${needle}`}`;
  let after = query.cursor ? cursors.position(scope, query.cursor) : undefined;
  const status = query.status ? { status: query.status } : {};
  let items: RegistrationRecord[];
  let last: string | null;
  if (needle === undefined) {
    // The edition and the page read at once (one round trip, not two, for the door's list): a
    // page of an edition that is not there is read for nothing and never answered.
    const [, page] = await Promise.all([
      requireEdition(year),
      registrations.listRegistrations(year, {
        limit: query.limit,
        ...status,
        ...(after ? { after } : {}),
      }),
    ]);
    items = page.items;
    last = page.last;
  } else {
    await requireEdition(year);
    // Read on until the page is full, the list ends or the budget is spent; the cursor names
    // the last registration read for the page, so the next page reads on from there.
    items = [];
    last = null;
    let examined = 0;
    for (;;) {
      const page = await registrations.listRegistrations(year, {
        limit: SEARCH_CHUNK,
        ...status,
        ...(after ? { after } : {}),
      });
      const full = page.items.findIndex((record) => {
        examined += 1;
        if (matchesSearch(record, needle)) items.push(record);
        return items.length === query.limit;
      });
      if (full >= 0) {
        const end = full === page.items.length - 1 && page.last === null;
        last = end ? null : (page.items[full] as RegistrationRecord).id;
        break;
      }
      if (page.last === null || examined >= SEARCH_BUDGET) {
        last = page.last;
        break;
      }
      after = page.last;
    }
  }
  const positions = items.some((record) => record.status === 'waitlisted')
    ? await registrations.waitlistPositions(year)
    : new Map<string, number>();
  return {
    items: items.map((record) => organizerView(record, positions)),
    nextCursor: last === null ? null : cursors.after(scope, last),
    limit: query.limit,
  };
}
