import { type Document, isMap, isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { fixedItemProblems } from './fixed-items.ts';
import { type EditionSource, editionSchema } from './schema.ts';

/**
 * Turns the text of an edition file into a validated edition, or into problems that name the
 * file, the line, the path inside the file and what is expected there. Pure: the caller reads
 * the file.
 */

export interface EditionFileProblem {
  /** e.g. "agenda[3].duration" */
  path: string;
  line: number;
  column: number;
  message: string;
}

export class EditionFileError extends Error {
  override readonly name = 'EditionFileError';
  readonly file: string;
  readonly problems: EditionFileProblem[];

  constructor(file: string, problems: EditionFileProblem[]) {
    const lines = problems.map(
      (problem) =>
        `  ${file}:${problem.line}:${problem.column}  ${problem.path}: ${problem.message}`,
    );
    super(
      `${file} is not a valid edition file (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.file = file;
    this.problems = problems;
  }
}

export function parseEditionFile(file: string, text: string): EditionSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new EditionFileError(
      file,
      document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          path: '(file)',
          line: position.line,
          column: position.col,
          message: `YAML syntax: ${error.message.split('\n')[0]}`,
        };
      }),
    );
  }
  const result = editionSchema.safeParse(document.toJS(), {
    reportInput: true,
    error: expectedMessage,
  });
  if (result.success) {
    const problems = fixedItemProblems(result.data);
    if (problems.length === 0) return result.data;
    throw new EditionFileError(
      file,
      problems.map(({ path, message }) => {
        const position = lineCounter.linePos(nodeOffset(document, path));
        return {
          path: formatPath(path),
          line: position.line,
          column: position.col,
          message: `expected ${message}`,
        };
      }),
    );
  }
  throw new EditionFileError(
    file,
    result.error.issues.flatMap((issue) => toProblems(issue, document, lineCounter)),
  );
}

/** What is wrong with an edition given as a value (a JSON body), each with its path. */
export interface SourceProblem {
  /** e.g. "agenda[3].duration" */
  path: string;
  message: string;
}

/**
 * Validates an edition source that did not come from a file (the organizer API's draft
 * replacement): the same schema and rules as a file, the problems named by path only.
 */
export function validateEditionSource(
  value: unknown,
): { source: EditionSource; problems?: never } | { problems: SourceProblem[] } {
  const result = editionSchema.safeParse(value, { reportInput: true, error: expectedMessage });
  if (!result.success) {
    return {
      problems: result.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({
              path: formatPath([...issue.path, key]),
              message: 'unknown field: check its spelling or remove it',
            }))
          : [
              {
                path: formatPath(issue.path) || '(edition)',
                message: PLAIN_MESSAGE.test(issue.message)
                  ? issue.message
                  : `expected ${issue.message}`,
              },
            ],
      ),
    };
  }
  const problems = fixedItemProblems(result.data);
  if (problems.length === 0) return { source: result.data };
  return {
    problems: problems.map(({ path, message }) => ({
      path: formatPath(path),
      message: `expected ${message}`,
    })),
  };
}

/** Messages that say what is wrong themselves; the others say what is expected. */
const PLAIN_MESSAGE = /^(expected |unknown |missing\b)/;

/** Zod's default messages, rephrased as what the field should hold. */
function expectedMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? missingMessage(issue, `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`)
        : `expected ${issue.expected}, got ${JSON.stringify(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      if (issue.discriminator) {
        const kinds = 'one of session, break, end';
        return isRecord(issue.input) && issue.input[issue.discriminator] === undefined
          ? `missing: expected ${kinds}`
          : `expected "${issue.discriminator}" to be ${kinds}`;
      }
      return issue.input === undefined
        ? missingMessage(issue, 'a value')
        : 'expected a value of one of the allowed forms';
    case 'invalid_format':
      return `expected a valid ${issue.format}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${issue.minimum} entries`
        : `expected a value of at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `expected at most ${issue.maximum} entries`
        : `expected a value of at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** `missing: expected a non-empty text`: what the schema says the field holds. */
function missingMessage(issue: z.core.$ZodRawIssue, fallback: string): string {
  return `missing: expected ${ownMessage(issue) ?? fallback}`;
}

/** The message the schema that raised the issue gives for its own rules, e.g. a pattern's. */
function ownMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const def = issue.inst?._zod.def;
  if (!def) return undefined;
  const checks = 'checks' in def ? (def.checks ?? []) : [];
  const maps = [...checks.map((check) => check._zod.def.error), def.error];
  let found: string | undefined;
  for (const map of maps) {
    const message = map?.(issue as never);
    const text = typeof message === 'string' ? message : message?.message;
    if (text) found = text;
  }
  return found;
}

function toProblems(
  issue: z.core.$ZodIssue,
  document: Document,
  lineCounter: LineCounter,
): EditionFileProblem[] {
  const locate = (path: PropertyKey[]) => {
    const offset = nodeOffset(document, path);
    const position = lineCounter.linePos(offset);
    return { path: formatPath(path), line: position.line, column: position.col };
  };
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      ...locate([...issue.path, key]),
      message: 'unknown field: check its spelling or remove it',
    }));
  }
  const message = PLAIN_MESSAGE.test(issue.message) ? issue.message : `expected ${issue.message}`;
  return [{ ...locate(issue.path), message }];
}

/** Offset of the deepest node along the path that exists: a key if the value is missing. */
function nodeOffset(document: Document, path: PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const parent = depth === 0 ? document.contents : document.getIn(path.slice(0, depth - 1), true);
    const key = path[depth - 1];
    if (depth > 0 && isMap(parent)) {
      const pair = parent.items.find(
        (item) => isNode(item.key) && (item.key as { value?: unknown }).value === key,
      );
      if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
    }
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}
