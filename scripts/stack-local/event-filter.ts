/**
 * Lambda event filtering (an event source mapping's FilterCriteria), with Lambda's semantics: a
 * record is passed on when any filter's pattern matches it. A pattern matches when every key it
 * names matches: an object descends into the record's field; a list matches when any of its
 * matchers does (a literal, null, prefix, suffix, equals-ignore-case, anything-but, numeric,
 * exists). A list field in the record matches when any of its items does. An SQS message's body
 * is matched as JSON when it is JSON, as a plain string otherwise.
 */

type Pattern = Record<string, unknown>;

const ABSENT = Symbol('absent');

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numericMatches(conditions: unknown[], value: unknown): boolean {
  if (typeof value !== 'number') return false;
  for (let index = 0; index < conditions.length; index += 2) {
    const operator = conditions[index];
    const bound = Number(conditions[index + 1]);
    const ok =
      operator === '='
        ? value === bound
        : operator === '<'
          ? value < bound
          : operator === '<='
            ? value <= bound
            : operator === '>'
              ? value > bound
              : operator === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

/** One matcher of a list against one scalar value of the record (ABSENT when the field is missing). */
function matcherMatches(matcher: unknown, value: unknown): boolean {
  if (!isObject(matcher)) {
    if (value === ABSENT) return false;
    return matcher === null ? value === null : matcher === value;
  }
  if ('exists' in matcher) return (value !== ABSENT) === Boolean(matcher.exists);
  if (value === ABSENT) return false;
  if ('prefix' in matcher) {
    const prefix = matcher.prefix;
    if (isObject(prefix) && typeof prefix['equals-ignore-case'] === 'string') {
      return (
        typeof value === 'string' &&
        value.toLowerCase().startsWith(prefix['equals-ignore-case'].toLowerCase())
      );
    }
    return typeof value === 'string' && value.startsWith(String(prefix));
  }
  if ('suffix' in matcher)
    return typeof value === 'string' && value.endsWith(String(matcher.suffix));
  if ('equals-ignore-case' in matcher) {
    return (
      typeof value === 'string' &&
      value.toLowerCase() === String(matcher['equals-ignore-case']).toLowerCase()
    );
  }
  if ('numeric' in matcher && Array.isArray(matcher.numeric))
    return numericMatches(matcher.numeric, value);
  if ('anything-but' in matcher) {
    const excluded = matcher['anything-but'];
    if (isObject(excluded) && 'prefix' in excluded) {
      return !(typeof value === 'string' && value.startsWith(String(excluded.prefix)));
    }
    const list = Array.isArray(excluded) ? excluded : [excluded];
    return !list.includes(value);
  }
  return false;
}

function fieldMatches(matchers: unknown[], field: unknown): boolean {
  const values = Array.isArray(field) ? field : [field];
  if (values.length === 0) return matchers.some((matcher) => matcherMatches(matcher, ABSENT));
  return matchers.some((matcher) => values.some((value) => matcherMatches(matcher, value)));
}

function patternMatches(pattern: Pattern, record: unknown): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    const field = isObject(record) && key in record ? record[key] : ABSENT;
    if (Array.isArray(expected)) {
      if (!fieldMatches(expected, field)) return false;
    } else if (isObject(expected)) {
      if (!patternMatches(expected, field === ABSENT ? undefined : field)) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** The shape an SQS record is filtered in: its body parsed when it is JSON. */
export function sqsFilterView(record: Record<string, unknown>): Record<string, unknown> {
  const body = record.body;
  if (typeof body !== 'string') return record;
  try {
    return { ...record, body: JSON.parse(body) as unknown };
  } catch {
    return record;
  }
}

/** True when the record passes the filters (no filters: every record does). */
export function passesFilters(patterns: readonly string[], record: unknown): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => patternMatches(JSON.parse(pattern) as Pattern, record));
}
