import { describe, expect, it } from 'vitest';
import {
  EditionFileError,
  parseEditionFile,
  validateEditionSource,
} from '#shared/edition/parse.ts';
import { MINIMAL_HEAD, printedEdition } from '../../../support/editions.ts';

/** A missing field says that it is missing and what would do instead, at its own path. */

const ONE_DAY = `${MINIMAL_HEAD}date: 2030-06-20\n`;
const TWO_DAYS = `${MINIMAL_HEAD}days:\n  - date: 2030-06-20\n  - date: 2030-06-21\n`;

function problems(text: string) {
  try {
    parseEditionFile('editions/broken.yaml', text);
  } catch (error) {
    if (error instanceof EditionFileError) {
      return error.problems.map(({ path, line, message }) => ({ path, line, message }));
    }
  }
  throw new Error('expected an EditionFileError');
}

describe('a session or break without a duration', () => {
  it.each([
    {
      name: 'a session followed by one without its own time',
      file: `${ONE_DAY}agenda:
  - { kind: session, title: One, at: "09:00", items: [{ title: T }] }
  - { kind: session, title: Two, duration: 30, items: [{ title: T }] }
  - { kind: end, at: "18:00" }
`,
      path: 'agenda[0].duration',
      line: 16,
      message:
        'missing: required unless the next entry has its own "at" ("Two" follows without one)',
    },
    {
      name: 'a break followed by a session that flows after it',
      file: `${ONE_DAY}agenda:
  - { kind: break, title: Coffee, at: "09:00" }
  - { kind: session, title: One, duration: 30, items: [{ title: T }] }
  - { kind: end, at: "18:00" }
`,
      path: 'agenda[0].duration',
      line: 16,
      message:
        'missing: required unless the next entry has its own "at" ("One" follows without one)',
    },
    {
      name: 'the last session of a day without an end',
      file: `${TWO_DAYS}agenda:
  - { kind: session, title: One, at: "09:00", items: [{ title: T }] }
  - { kind: session, title: Two, day: 2030-06-21, at: "09:00", duration: 30, items: [{ title: T }] }
`,
      path: 'agenda[0].duration',
      line: 18,
      message:
        'missing: required unless the next entry has its own "at" (nothing follows "One" on 2030-06-20: add an entry of kind "end")',
    },
    {
      name: 'a first session with nothing fixing its start',
      file: `${ONE_DAY}agenda:
  - { kind: session, title: One, items: [{ title: T }] }
  - { kind: end, at: "18:00" }
`,
      path: 'agenda[0].duration',
      line: 16,
      message:
        'missing: required unless "One" has its own "at" or its day a "startsAt" (nothing else fixes when it starts)',
    },
  ])('says what would do instead for $name', ({ file, path, line, message }) => {
    // Before: `expected a value of one of the allowed forms` (zod's invalid union).
    expect(problems(file)).toEqual([{ path, line, message }]);
  });

  it('says the same through the organizer API, by path', () => {
    const source = printedEdition();
    const [, , orchestration] = source.agenda;
    if (orchestration?.kind !== 'session') throw new Error('expected the ORCHESTRATION session');
    delete orchestration.at;
    expect(validateEditionSource(source)).toEqual({
      problems: [
        {
          path: 'agenda[1].duration',
          message:
            'missing: required unless the next entry has its own "at" ("ORCHESTRATION" follows without one)',
        },
      ],
    });
  });
});

describe('other missing or malformed fields', () => {
  it.each([
    {
      name: 'a missing text',
      file: `${ONE_DAY.replace('shortTitle: T30\n', '')}agenda:\n  - { kind: end, at: "18:00" }\n`,
      path: 'shortTitle',
      message: 'missing: expected a non-empty text',
    },
    {
      name: 'a missing object',
      file: `${ONE_DAY.replace('keywords: { topics: [], technologies: [] }\n', '')}agenda:\n  - { kind: end, at: "18:00" }\n`,
      path: 'keywords',
      message: 'missing: expected an object',
    },
    {
      name: "a break's missing time",
      file: `${ONE_DAY}agenda:\n  - { kind: break, title: Coffee, duration: 30 }\n  - { kind: end, at: "18:00" }\n`,
      path: 'agenda[0].at',
      message: 'missing: expected a time of day as "HH:MM" in quotes, e.g. "11:00"',
    },
    {
      name: 'a missing entry kind',
      file: `${ONE_DAY}agenda:\n  - { title: Coffee, at: "10:00", duration: 30 }\n  - { kind: end, at: "18:00" }\n`,
      path: 'agenda[0].kind',
      message: 'missing: expected one of session, break, end',
    },
    {
      name: 'a duration of neither form',
      file: `${ONE_DAY}agenda:\n  - { kind: break, title: Coffee, at: "10:00", duration: true }\n  - { kind: end, at: "18:00" }\n`,
      path: 'agenda[0].duration',
      message: 'expected a duration like "15min", "1h" or "1h30min", or a number of minutes',
    },
  ])('names what $name should be', ({ file, path, message }) => {
    const found = problems(file);
    expect(found.map((problem) => ({ path: problem.path, message: problem.message }))).toEqual([
      { path, message },
    ]);
    expect(found.map((problem) => problem.message).join('\n')).not.toMatch(
      /allowed forms|expected string|Invalid input/,
    );
  });
});
