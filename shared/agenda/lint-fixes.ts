import type { LintFinding } from './lint.ts';

/**
 * How to fix a lint finding, in the words of the edition file: which entries to change and by how
 * much. `npm run edition -- new` prints it beside each finding a new file carries over.
 */
export function howToFix({ code, ids, minutes, message }: LintFinding): string {
  const fixed = ids.at(-1) ?? '';
  const before = ids.slice(0, -1).join(', ');
  switch (code) {
    case 'OVERRUNS_FIXED_TIME':
      return `shorten ${before} by ${minutes} minutes in all (their "duration"), or move ${fixed} ${minutes} minutes later (its "at")`;
    case 'GAP_BEFORE_FIXED_TIME':
      return before
        ? `lengthen ${before} by ${minutes} minutes in all, or move ${fixed} ${minutes} minutes earlier`
        : `move ${fixed} ${minutes} minutes earlier, or start the day later ("startsAt")`;
    case 'FIXED_TIMES_OVERLAP':
      return `move ${fixed} ${minutes} minutes later, or shorten what runs before it by ${minutes} minutes`;
    case 'ITEMS_OVERFLOW_SESSION':
      return `shorten the items of ${fixed} by ${minutes} minutes in all, or lengthen the session by ${minutes} minutes`;
    case 'ITEMS_UNDERFILL_SESSION':
      return `leave out one item's "duration" so that it takes the rest, or shorten ${fixed} by ${minutes} minutes`;
    case 'ITEM_WITHOUT_TIME':
      return `shorten the other items of its session, or give ${fixed} a "duration" (or an "at" before the next item's)`;
    case 'ITEM_TIMES_OVERLAP':
      // [item, its session] when the last item runs past the session; else [item before, fixed item].
      return message.includes('after the session ends')
        ? `shorten ${ids[0]} by ${minutes} minutes, or lengthen ${ids[1]} by ${minutes} minutes`
        : `shorten ${ids[0]} by ${minutes} minutes, or move ${ids[1]} ${minutes} minutes later (its "at")`;
    case 'GAP_BEFORE_FIXED_ITEM':
      // [session, item] when the first item is fixed after its session starts.
      return message.includes('" ends at')
        ? `lengthen ${ids[0]} by ${minutes} minutes, or leave out its "duration" to run until ${ids[1]}`
        : `move ${ids[1]} ${minutes} minutes earlier, or start ${ids[0]} ${minutes} minutes later`;
    case 'SPEAKER_DOUBLE_BOOKED':
      return `move ${ids[1]} or ${ids[2]}, or take ${ids[0]} off one of them`;
    case 'DAY_CROSSES_MIDNIGHT':
      return 'check the durations and fixed times: the day must end by midnight';
    case 'SEGMENT_WITHOUT_SESSION':
      return `give a session "segment: ${fixed}", or remove the segment`;
  }
}
