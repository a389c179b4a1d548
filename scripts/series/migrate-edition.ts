import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { type Action, classify } from './item-kinds.ts';
import { checkTables, MigrationRefused } from './table-checks.ts';
import { canonical, getItem, type Item, keyOf, keyText, scanTable } from './table-items.ts';

/**
 * Moves one edition from a single-edition table (one stack per year) into the series table:
 *
 * 1. checks both tables (key schema, indexes, TTL: table-checks.ts);
 * 2. reads both whole (parallel Scan segments, consistent) and refuses, before writing anything,
 *    when the series table holds an item of that edition which the old table does not hold with
 *    the same content: the edition was published there from elsewhere (another release history);
 * 3. writes each item the series table lacks, as it was read (attribute values, TTL included,
 *    never unmarshalled), with a conditional put that never overwrites: an item that appeared
 *    meanwhile is compared and, if different, reported;
 * 4. reads the series table again and compares, per kind, the items of that edition with the old
 *    table's, and every item's content.
 *
 * Items already there and equal are left alone, so a run cut short is finished by running it
 * again, and a finished one run again writes nothing. Which items move: item-kinds.ts.
 */

export interface MigrateOptions {
  source: DynamoDBClient;
  target: DynamoDBClient;
  from: string;
  to: string;
  edition: number;
  dryRun?: boolean;
  /** Parallel Scan segments per table. */
  segments?: number;
  /** Puts in flight at once (one batch). */
  batchSize?: number;
  progress?: (line: string) => void;
}

interface KindCount {
  kind: string;
  action: Action;
  source: number;
  target: number;
}

export interface MigrationReport {
  edition: number;
  dryRun: boolean;
  warnings: string[];
  /** Items of the edition the series table lacked, written by this run (or to write, dry). */
  written: number;
  /** Items of the edition the series table held already, equal. */
  alreadyThere: number;
  /** Per kind of item: in the old table, and in the series table at the end. */
  counts: KindCount[];
  /** Items of other editions found in the old table, per year: left there. */
  otherEditions: Record<number, number>;
  /** Keys of items of a shape this command does not know: left in the old table. */
  unknown: string[];
  /** Items that differ in the series table at the end (key: what), or are missing. */
  mismatches: string[];
}

const SHOWN = 5;
const list = (keys: string[]) =>
  `${keys.slice(0, SHOWN).join('; ')}${keys.length > SHOWN ? `; and ${keys.length - SHOWN} more` : ''}`;

interface Planned {
  item: Item;
  text: string;
  kind: string;
  action: Action;
}

/** The old table's items of the edition, by key, and what else it holds. */
async function readSource(options: MigrateOptions, segments: number) {
  const items = new Map<string, Planned>();
  const otherEditions: Record<number, number> = {};
  const unknown: string[] = [];
  await scanTable(options.source, options.from, segments, (item) => {
    const key = keyOf(item);
    const found = classify(key.pk, key.sk, options.edition);
    if (found.scope === 'edition') {
      const planned = { item, text: canonical(item), kind: found.kind, action: found.action };
      items.set(keyText(key), planned);
    } else if (found.scope === 'other-edition') {
      otherEditions[found.year] = (otherEditions[found.year] ?? 0) + 1;
    } else {
      unknown.push(keyText(key));
    }
  });
  return { items, otherEditions, unknown: unknown.sort() };
}

/** The series table's items of the edition (skipped kinds aside), by key, as canonical text. */
async function readTarget(options: MigrateOptions, segments: number) {
  const items = new Map<string, { text: string; kind: string }>();
  await scanTable(options.target, options.to, segments, (item) => {
    const key = keyOf(item);
    const found = classify(key.pk, key.sk, options.edition);
    if (found.scope === 'edition' && found.action !== 'skip') {
      items.set(keyText(key), { text: canonical(item), kind: found.kind });
    }
  });
  return items;
}

/** Target items of the edition that the old table does not hold as they are. */
function differences(
  source: Map<string, Planned>,
  target: Map<string, { text: string }>,
): string[] {
  const found: string[] = [];
  for (const [key, { text }] of target) {
    const original = source.get(key);
    if (!original) found.push(`${key} (not in the old table)`);
    else if (original.text !== text) found.push(`${key} (different content)`);
  }
  return found.sort();
}

/** Puts one item unless its key is taken; a taken key is fine when it holds the same item. */
async function putIfAbsent(options: MigrateOptions, planned: Planned): Promise<'written' | 'same'> {
  try {
    await options.target.send(
      new PutItemCommand({
        TableName: options.to,
        Item: planned.item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'written';
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
  const there = await getItem(options.target, options.to, planned.item);
  if (there && canonical(there) === planned.text) return 'same';
  throw new MigrationRefused(
    `--to ${options.to}: ${keyText(keyOf(planned.item))} was written there by someone else ` +
      'during the migration, with different content; it was left as it is. Stop what writes edition ' +
      `${options.edition} into the series table, then run the command again.`,
  );
}

export async function migrateEdition(options: MigrateOptions): Promise<MigrationReport> {
  const segments = options.segments ?? 4;
  const batchSize = options.batchSize ?? 25;
  const progress = options.progress ?? (() => {});
  const warnings = await checkTables(options.source, options.target, options.from, options.to);
  const source = await readSource(options, segments);
  const target = await readTarget(options, segments);
  const differ = differences(source.items, target);
  if (differ.length > 0) {
    throw new MigrationRefused(
      `--to ${options.to} already holds edition ${options.edition}, and not as --from ` +
        `${options.from} does: ${differ.length} item(s) differ: ${list(differ)}. It was published ` +
        'there from elsewhere (another release history; was its edition stack deployed into the ' +
        'series before the migration?). Nothing was written. Migrate into a series table that does ' +
        `not hold edition ${options.edition} (remove it there first), or keep the old stack.`,
    );
  }
  const toWrite = [...source.items.values()].filter(
    (planned) => planned.action !== 'skip' && !target.has(keyText(keyOf(planned.item))),
  );
  let written = 0;
  let alreadyThere = target.size;
  if (!options.dryRun) {
    for (let start = 0; start < toWrite.length; start += batchSize) {
      // Settled all, so that a failure leaves no write of its batch still under way.
      const settled = await Promise.allSettled(
        toWrite.slice(start, start + batchSize).map((planned) => putIfAbsent(options, planned)),
      );
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      const outcomes = settled.map(
        (outcome) => (outcome as PromiseFulfilledResult<'written' | 'same'>).value,
      );
      written += outcomes.filter((outcome) => outcome === 'written').length;
      alreadyThere += outcomes.filter((outcome) => outcome === 'same').length;
      progress(`written ${start + outcomes.length} of ${toWrite.length}`);
    }
  }
  const after = options.dryRun ? target : await readTarget(options, segments);
  const mismatches = options.dryRun ? [] : verify(source.items, after);
  return {
    edition: options.edition,
    dryRun: Boolean(options.dryRun),
    warnings,
    written: options.dryRun ? toWrite.length : written,
    alreadyThere,
    counts: countKinds(source.items, after),
    otherEditions: source.otherEditions,
    unknown: source.unknown,
    mismatches,
  };
}

/** Every copied item of the old table, in the series table with the same content, and no other. */
function verify(source: Map<string, Planned>, target: Map<string, { text: string }>): string[] {
  const found = differences(source, target);
  for (const [key, planned] of source) {
    if (planned.action !== 'skip' && !target.has(key)) found.push(`${key} (missing)`);
  }
  return found.sort();
}

function countKinds(
  source: Map<string, Planned>,
  target: Map<string, { kind: string }>,
): KindCount[] {
  const counts = new Map<string, KindCount>();
  const entry = (kind: string, action: Action) => {
    const found = counts.get(kind) ?? { kind, action, source: 0, target: 0 };
    counts.set(kind, found);
    return found;
  };
  for (const planned of source.values()) entry(planned.kind, planned.action).source += 1;
  for (const { kind } of target.values()) {
    // A kind only the series table holds is a copy or a merge, never a skip (never read).
    const shared = kind.startsWith('CATALOG') || kind.startsWith('PERSON#');
    entry(kind, shared ? 'merge' : 'copy').target += 1;
  }
  return [...counts.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
