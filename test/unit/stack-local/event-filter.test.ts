import { describe, expect, it } from 'vitest';
import { passesFilters, sqsFilterView } from '../../../scripts/stack-local/event-filter.ts';

/** Lambda's event filtering, as the runner applies a mapping's FilterCriteria. */

// The pattern the CDK writes for the mail fan-out (FilterRule.isEqual + FilterRule.beginsWith).
const MAIL_INSERTS = JSON.stringify({
  eventName: ['INSERT'],
  dynamodb: { NewImage: { pk: { S: [{ prefix: 'MAIL#' }] } } },
});

const record = (eventName: string, pk: string) => ({
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: { Keys: { pk: { S: pk } }, NewImage: { pk: { S: pk }, sk: { S: 'x' } } },
});

describe('passesFilters', () => {
  it('passes a new item of the prefix, and nothing else', () => {
    expect(passesFilters([MAIL_INSERTS], record('INSERT', 'MAIL#2020#1'))).toBe(true);
    expect(passesFilters([MAIL_INSERTS], record('MODIFY', 'MAIL#2020#1'))).toBe(false);
    expect(passesFilters([MAIL_INSERTS], record('INSERT', 'EVENTS#2020'))).toBe(false);
    expect(passesFilters([MAIL_INSERTS], { eventName: 'INSERT', dynamodb: {} })).toBe(false);
  });

  it('passes a record any one filter matches, and every record without filters', () => {
    const events = JSON.stringify({
      dynamodb: { NewImage: { pk: { S: [{ prefix: 'EVENTS#' }] } } },
    });
    expect(passesFilters([MAIL_INSERTS, events], record('MODIFY', 'EVENTS#1'))).toBe(true);
    expect(passesFilters([], record('REMOVE', 'anything'))).toBe(true);
  });

  it('knows anything-but, numeric ranges, exists, suffix, equals-ignore-case and null', () => {
    const pattern = (value: unknown) => [JSON.stringify({ field: value })];
    expect(passesFilters(pattern([{ 'anything-but': ['a', 'b'] }]), { field: 'c' })).toBe(true);
    expect(passesFilters(pattern([{ 'anything-but': ['a', 'b'] }]), { field: 'a' })).toBe(false);
    expect(passesFilters(pattern([{ numeric: ['>', 0, '<=', 5] }]), { field: 5 })).toBe(true);
    expect(passesFilters(pattern([{ numeric: ['>', 0, '<=', 5] }]), { field: 6 })).toBe(false);
    expect(passesFilters(pattern([{ exists: false }]), {})).toBe(true);
    expect(passesFilters(pattern([{ exists: false }]), { field: 1 })).toBe(false);
    expect(passesFilters(pattern([{ exists: true }]), { field: 1 })).toBe(true);
    expect(passesFilters(pattern([{ suffix: '.png' }]), { field: 'a.png' })).toBe(true);
    expect(passesFilters(pattern([{ 'equals-ignore-case': 'ABC' }]), { field: 'abc' })).toBe(true);
    expect(passesFilters(pattern([null]), { field: null })).toBe(true);
    expect(passesFilters(pattern([null]), {})).toBe(false);
    // A list in the record matches when any item does.
    expect(passesFilters(pattern(['b']), { field: ['a', 'b'] })).toBe(true);
  });

  it("matches an SQS message's JSON body field by field, and a plain body as a string", () => {
    const kind = [JSON.stringify({ body: { kind: ['confirmation'] } })];
    expect(passesFilters(kind, sqsFilterView({ body: '{"kind":"confirmation"}' }))).toBe(true);
    expect(passesFilters(kind, sqsFilterView({ body: '{"kind":"reminder"}' }))).toBe(false);
    const plain = [JSON.stringify({ body: [{ prefix: 'hello' }] })];
    expect(passesFilters(plain, sqsFilterView({ body: 'hello world' }))).toBe(true);
  });
});
