import { formatClockTime, parseClockTime } from '../agenda/clock.ts';
import { timeAgenda } from '../agenda/timing.ts';
import type { EditionSource } from './schema.ts';

/**
 * Items whose own `at` is outside their session, as problems at the item's `at`: an edition file
 * with one is refused (parse.ts). Checked once the schema holds, since it needs the times.
 */
export function fixedItemProblems(
  edition: EditionSource,
): { path: PropertyKey[]; message: string }[] {
  const timed = timeAgenda(edition);
  return edition.agenda.flatMap((entry, index) => {
    const session = timed.entries[index];
    if (entry.kind !== 'session' || session?.kind !== 'session') return [];
    return entry.items.flatMap((item, itemIndex) => {
      if (item.at === undefined) return [];
      const at = parseClockTime(item.at);
      if (at >= session.start && at < session.end) return [];
      return [
        {
          path: ['agenda', index, 'items', itemIndex, 'at'],
          message: `a time inside its session ${session.title}, which runs ${formatClockTime(session.start)}-${formatClockTime(session.end)}`,
        },
      ];
    });
  });
}
