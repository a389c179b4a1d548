import { EVENTS_PREFIX, MAIL_PREFIX, ONLINE_ACCESS_PREFIX } from '#functions/contract.ts';

/**
 * Every key shape of the table (functions/data/table/keys.ts), and what moving one edition from a
 * single-edition table into the series table does with each:
 *
 * - `copy`: the partition is the edition's own (`REG#2020`, `RELEASES#2020`, ...): every item of
 *   it is copied as it is.
 * - `merge`: the partition is shared by the series (`CATALOG`, `PERSON#<id>`): only the edition's
 *   item in it (sort key `EDITION#<year>`) is copied, beside those of the other years.
 * - `skip`: webhook outbox events (`EVENTS#<year>`). The series table's stream hands every inserted
 *   event to the fan-out, so copying them would deliver each past event again to every
 *   subscriber; they were delivered (their delivery records, `DELIVERIES#`, are copied) and
 *   expire by TTL anyway.
 *
 * Attendee messages (`MAIL#<year>`) are copied: the stream queues each, and the sender claims only
 * those still pending (mail-outbox.ts `claim`), so the sent ones end without a send and the
 * pending ones are sent by the series, as the old stack would have. An item of another edition,
 * or of a shape this list does not know, is reported and left in the old table.
 */

export type Action = 'copy' | 'merge' | 'skip';

interface Shape {
  /** The partition key's prefix, before the year. */
  prefix: string;
  /** Whether the partition key goes on after the year (`#<hash>`, `#<webhook id>`). */
  suffixed?: boolean;
  action: Action;
}

/** The partitions named after one edition (`<prefix><year>[#...]`). */
const EDITION_PARTITIONS: readonly Shape[] = [
  { prefix: 'EDITION#', action: 'copy' },
  { prefix: 'SNAPSHOT#', action: 'copy' },
  { prefix: ONLINE_ACCESS_PREFIX, action: 'copy' },
  { prefix: 'REG#', action: 'copy' },
  { prefix: 'SEATS#', action: 'copy' },
  { prefix: 'IDEMPOTENCY#', suffixed: true, action: 'copy' },
  { prefix: 'DRAFT#', action: 'copy' },
  { prefix: 'RELEASES#', action: 'copy' },
  { prefix: 'AUDIT#', action: 'copy' },
  { prefix: 'LIVE#', action: 'copy' },
  { prefix: 'WEBHOOKS#', action: 'copy' },
  { prefix: 'DELIVERIES#', suffixed: true, action: 'copy' },
  { prefix: MAIL_PREFIX, action: 'copy' },
  { prefix: 'ANNOUNCE#', action: 'copy' },
  { prefix: 'REMINDERS#', action: 'copy' },
  { prefix: 'NOTICE#', action: 'copy' },
  { prefix: 'SUBMISSIONS#', action: 'copy' },
  { prefix: EVENTS_PREFIX, action: 'skip' },
];

/** What one item is, for one edition's move. */
export type Classified =
  | { scope: 'edition'; action: Action; kind: string }
  | { scope: 'other-edition'; year: number; kind: string }
  | { scope: 'unknown' };

/** `REG#*`, `COUNTER`, `*`: the sort key with its ids left out, for counting items by kind. */
function sortKind(sk: string): string {
  const hash = sk.indexOf('#');
  if (hash > 0) return `${sk.slice(0, hash)}#*`;
  return /^[A-Z]+$/.test(sk) ? sk : '*';
}

const yearIn = (text: string) => (/^\d{4}$/.test(text) ? Number(text) : undefined);

/** The edition an item belongs to and what the move does with it. */
export function classify(pk: string, sk: string, edition: number): Classified {
  // The series' shared partitions: one item per edition in each.
  const shared = pk === 'CATALOG' ? 'CATALOG' : pk.startsWith('PERSON#') ? 'PERSON#*' : undefined;
  if (shared) {
    const year = sk.startsWith('EDITION#') ? yearIn(sk.slice('EDITION#'.length)) : undefined;
    if (year === undefined) return { scope: 'unknown' };
    const kind = `${shared} / EDITION#<year>`;
    return year === edition
      ? { scope: 'edition', action: 'merge', kind }
      : { scope: 'other-edition', year, kind };
  }
  for (const shape of EDITION_PARTITIONS) {
    if (!pk.startsWith(shape.prefix)) continue;
    const rest = pk.slice(shape.prefix.length);
    const year = yearIn(shape.suffixed ? rest.slice(0, 4) : rest);
    if (year === undefined || (shape.suffixed && !rest.slice(4).startsWith('#'))) continue;
    const kind = `${shape.prefix}<year>${shape.suffixed ? '#*' : ''} / ${sortKind(sk)}`;
    return year === edition
      ? { scope: 'edition', action: shape.action, kind }
      : { scope: 'other-edition', year, kind };
  }
  return { scope: 'unknown' };
}
