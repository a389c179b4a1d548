import { describe, expect, it } from 'vitest';
import * as keys from '#functions/data/table/keys.ts';
import { classify } from '../../../scripts/series/item-kinds.ts';

/**
 * The migration knows every partition the data layer writes: each key builder of keys.ts, given
 * 2020, makes a key that series:migrate moves with 2020 (and leaves with another year).
 */

/**
 * The table's partition keys; statusIndexPk is the index's (an attribute, gsi1pk), personPk
 * shared, speakerEmailPk the series' own (a speaker's person id for every year: no
 * single-edition table ever held one).
 */
const NOT_TABLE_PARTITIONS = ['statusIndexPk', 'personPk', 'speakerEmailPk'];
const partitionBuilders = Object.entries(keys).filter(
  (entry): entry is [string, (year: number, id: string) => string] =>
    entry[0].endsWith('Pk') &&
    typeof entry[1] === 'function' &&
    !NOT_TABLE_PARTITIONS.includes(entry[0]),
);

describe('the kinds of item series:migrate knows', () => {
  it('finds every partition builder of keys.ts', () => {
    expect(partitionBuilders.map(([name]) => name).length).toBeGreaterThanOrEqual(17);
  });

  it.each(partitionBuilders)('%s of 2020 moves with 2020 and not with 2021', (_, build) => {
    const pk = build(2020, 'abc');
    expect(classify(pk, 'ANY', 2020)).toMatchObject({ scope: 'edition' });
    expect(classify(pk, 'ANY', 2021)).toEqual({
      scope: 'other-edition',
      year: 2020,
      kind: expect.any(String),
    });
  });

  it('merges the edition items of the shared partitions, nothing else of them', () => {
    const catalog = classify(keys.CATALOG_PK, keys.catalogSk(2020), 2020);
    expect(catalog).toEqual({
      scope: 'edition',
      action: 'merge',
      kind: 'CATALOG / EDITION#<year>',
    });
    const person = classify(keys.personPk('ada'), keys.appearanceSk(2020), 2020);
    expect(person).toEqual({
      scope: 'edition',
      action: 'merge',
      kind: 'PERSON#* / EDITION#<year>',
    });
    expect(classify(keys.personPk('ada'), keys.appearanceSk(2019), 2020)).toMatchObject({
      scope: 'other-edition',
      year: 2019,
    });
    expect(classify(keys.CATALOG_PK, 'SOMETHING', 2020)).toEqual({ scope: 'unknown' });
  });

  it('skips the webhook outbox and copies the attendee messages', () => {
    expect(classify(keys.eventsPk(2020), 'evt', 2020)).toMatchObject({ action: 'skip' });
    expect(classify(keys.mailPk(2020), 'mail', 2020)).toMatchObject({ action: 'copy' });
  });

  it('counts by kind without the ids', () => {
    expect(classify(keys.registrationsPk(2020), keys.registrationSk('r1'), 2020)).toMatchObject({
      kind: 'REG#<year> / REG#*',
    });
    expect(classify(keys.idempotencyPk(2020, 'f00'), keys.IDEMPOTENCY_SK, 2020)).toMatchObject({
      kind: 'IDEMPOTENCY#<year>#* / IDEMPOTENCY',
    });
    expect(classify(keys.mailPk(2020), '01HZX', 2020)).toMatchObject({ kind: 'MAIL#<year> / *' });
  });

  it('reports what it does not know', () => {
    expect(classify('COUNTERS', 'GLOBAL', 2020)).toEqual({ scope: 'unknown' });
    expect(classify('REG#20x0', 'REG#a', 2020)).toEqual({ scope: 'unknown' });
    expect(classify('DELIVERIES#2020', 'e', 2020)).toEqual({ scope: 'unknown' });
  });
});
