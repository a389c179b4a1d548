import { describe, expect, it } from 'vitest';
import { EditionFileError, parseEditionFile } from '#shared/edition/parse.ts';
import { MINIMAL_HEAD, onlineEdition, seedEdition } from '../../../support/editions.ts';

describe('the 2020 edition file', () => {
  const edition = seedEdition();

  it('carries the seed proposal', () => {
    expect(edition.title).toBe('6th Annual High Performance Containers Workshop');
    expect(edition.shortTitle).toBe('HPCW20');
    expect(edition.website).toBe('http://qnib.org/isc/');
    expect(edition.venue).toMatch(/ISC/);
    expect(edition.date).toBe('2020-06-25');
    expect(edition.timezone).toBe('Europe/Berlin');
    expect(edition.abstract).toMatch(/^Linux Containers have become an industry standard/);
    expect(edition.topicAreas).toHaveLength(5);
    expect(edition.keywords.topics).toContain('Containers in HPC');
    expect(edition.keywords.technologies).toContain('Kubernetes');
    expect(edition.targetAudience).toEqual([
      'System Operators and Administrators',
      'System Engineers/Architects',
      'Software Developers',
      'Data Engineers/Scientists',
    ]);
    expect(edition.format).toMatch(/lightning talk/);
    expect(edition.speakers).toEqual([]);
  });

  it('has the eight segments with their descriptions', () => {
    expect(edition.segments.map((segment) => segment.name)).toEqual([
      'RUNTIME',
      'BUILD & TEST',
      'DISTRIBUTION',
      'SECURITY',
      'ORCHESTRATION',
      'HPC SPECIFICS',
      'USE-CASES',
      'FUTURE DIRECTIONS',
    ]);
    for (const segment of edition.segments) expect(segment.description.length).toBeGreaterThan(20);
  });

  it('has the agenda of the proposal: 10 sessions, 3 breaks, the 18:00 end', () => {
    const kinds = edition.agenda.map((entry) => entry.kind);
    expect(kinds.filter((kind) => kind === 'session')).toHaveLength(10);
    expect(
      edition.agenda.filter((entry) => entry.kind === 'break').map((entry) => entry.at),
    ).toEqual(['11:00', '13:00', '16:00']);
    expect(edition.agenda.at(-1)).toMatchObject({ kind: 'end', at: '18:00' });
    const items = edition.agenda.flatMap((entry) => (entry.kind === 'session' ? entry.items : []));
    expect(items).toHaveLength(40);
    expect(items.filter((item) => item.kind === 'panel')).toHaveLength(8);
  });
});

const VALID_HEAD = `${MINIMAL_HEAD}date: 2030-06-20
`;

function problemsOf(text: string) {
  try {
    parseEditionFile('editions/broken.yaml', text);
  } catch (error) {
    if (error instanceof EditionFileError) return error;
  }
  throw new Error('expected an EditionFileError');
}

describe('a broken edition file', () => {
  it('names the file, line, path and what is expected for a bad duration', () => {
    const error = problemsOf(`${VALID_HEAD}agenda:
  - kind: session
    title: One
    duration: 1 hour
    items: [{ title: Talk }]
  - { kind: end, at: "18:00" }
`);
    expect(error.problems).toEqual([
      {
        path: 'agenda[0].duration',
        line: 18,
        column: 5,
        message: 'expected a duration like "15min", "1h" or "1h30min", or a number of minutes',
      },
    ]);
    expect(error.message).toContain(
      'editions/broken.yaml:18:5  agenda[0].duration: expected a duration',
    );
    expect(error.message).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it.each([
    {
      name: 'an unknown field',
      agenda: '  - { kind: end, at: "18:00", when: later }',
      path: 'agenda[0].when',
      message: 'unknown field: check its spelling or remove it',
    },
    {
      name: 'a missing field',
      agenda: '  - { kind: break, title: Coffee, duration: 30 }\n  - { kind: end, at: "18:00" }',
      path: 'agenda[0].at',
      message: 'missing: expected a time of day as "HH:MM" in quotes, e.g. "11:00"',
    },
    {
      name: 'an unknown entry kind',
      agenda: '  - { kind: party, at: "18:00" }',
      path: 'agenda[0].kind',
      message: 'expected "kind" to be one of session, break, end',
    },
    {
      name: 'a time without quotes or leading zero',
      agenda: '  - { kind: end, at: "9:00" }',
      path: 'agenda[0].at',
      message: 'expected a time of day as "HH:MM" in quotes, e.g. "11:00"',
    },
    {
      name: 'an unknown segment',
      agenda:
        '  - { kind: session, title: One, segment: beta, duration: 30, items: [{ title: T }] }\n  - { kind: end, at: "18:00" }',
      path: 'agenda[0].segment',
      message: 'expected one of the segment ids: alpha',
    },
    {
      name: 'an unknown speaker',
      agenda:
        '  - { kind: session, title: One, duration: 30, items: [{ title: T, speakers: [ada] }] }\n  - { kind: end, at: "18:00" }',
      path: 'agenda[0].items[0].speakers[0]',
      message: 'expected the id of a speaker listed under "speakers"',
    },
    {
      name: 'two items with the same id',
      agenda:
        '  - { kind: session, title: One, duration: 30, items: [{ title: Panel }, { title: Panel }] }\n  - { kind: end, at: "18:00" }',
      path: 'agenda[0].items[1].title',
      message: 'expected an id not used before in the agenda ("one-panel" is taken): set "id"',
    },
    {
      name: 'a pinned id longer than an id may be',
      agenda: `  - { kind: session, id: ${'a'.repeat(101)}, title: One, duration: 30, items: [{ title: T }] }\n  - { kind: end, at: "18:00" }`,
      path: 'agenda[0].id',
      message: 'expected an id of at most 100 characters',
    },
    {
      name: 'a title that makes an id longer than an id may be',
      agenda: `  - { kind: session, title: One, duration: 30, items: [{ title: ${'Word '.repeat(25).trim()} }] }\n  - { kind: end, at: "18:00" }`,
      path: 'agenda[0].items[0].title',
      message:
        'expected a title that makes an id of at most 100 characters (this one makes 128), or an "id"',
    },
    {
      name: 'a title that makes no id',
      agenda:
        '  - { kind: session, title: "!!!", id: one, duration: 30, items: [{ title: T }] }\n  - { kind: break, title: "?", at: "10:00", duration: 30 }\n  - { kind: end, at: "18:00" }',
      path: 'agenda[1].title',
      message: 'expected a title with letters or digits, or an "id"',
    },
    {
      name: 'a javascript: material URL',
      agenda:
        '  - { kind: session, title: One, duration: 30, items: [{ title: T, materials: [{ kind: slides, title: Slides, url: "javascript:alert(1)" }] }] }\n  - { kind: end, at: "18:00" }',
      path: 'agenda[0].items[0].materials[0].url',
      message: 'expected an http:// or https:// URL, e.g. "https://example.org/slides.pdf"',
    },
    {
      name: 'an ftp:// material URL of a session',
      agenda:
        '  - { kind: session, title: One, duration: 30, items: [{ title: T }], materials: [{ kind: recording, title: Recording, url: "ftp://files.example/one.mp4" }] }\n  - { kind: end, at: "18:00" }',
      path: 'agenda[0].materials[0].url',
      message: 'expected an http:// or https:// URL, e.g. "https://example.org/slides.pdf"',
    },
    {
      name: 'a material of an unknown kind',
      agenda:
        '  - { kind: session, title: One, duration: 30, items: [{ title: T, materials: [{ kind: poster, title: Poster, url: "https://x.example/p.pdf" }] }] }\n  - { kind: end, at: "18:00" }',
      path: 'agenda[0].items[0].materials[0].kind',
      message: 'expected one of "slides", "video", "recording", "code", "other"',
    },
    {
      name: 'two materials with the same id',
      agenda:
        '  - { kind: session, title: One, duration: 30, items: [{ title: T, materials: [{ id: s, kind: slides, title: A, url: "https://x.example/a" }, { id: s, kind: code, title: B, url: "https://x.example/b" }] }] }\n  - { kind: end, at: "18:00" }',
      path: 'agenda[0].items[0].materials[1].id',
      message: 'expected an id not used before',
    },
    {
      name: 'a missing end',
      agenda: '  - { kind: break, title: Coffee, at: "10:00", duration: 30 }',
      path: 'agenda[0]',
      message: 'expected an entry of kind "end" with the time the day ends, e.g. at: "18:00"',
    },
  ])('reports $name at $path', ({ agenda, path, message }) => {
    const error = problemsOf(`${VALID_HEAD}agenda:\n${agenda}\n`);
    expect(
      error.problems.map((problem) => ({ path: problem.path, message: problem.message })),
    ).toContainEqual({
      path,
      message,
    });
    for (const problem of error.problems) expect(problem.line).toBeGreaterThan(14);
  });

  it('reports YAML syntax errors with their line', () => {
    const error = problemsOf(`${VALID_HEAD}agenda: [\n  - oops: {\n`);
    expect(error.problems[0]?.path).toBe('(file)');
    expect(error.problems[0]?.message).toMatch(/^YAML syntax: /);
    expect(error.problems[0]?.line).toBeGreaterThanOrEqual(15);
  });

  it('reports a bad time zone and date', () => {
    const error = problemsOf(
      VALID_HEAD.replace('Europe/Berlin', 'Europe/Atlantis').replace('2030-06-20', '2030-02-30') +
        'agenda:\n  - { kind: end, at: "18:00" }\n',
    );
    expect(error.problems.map((problem) => problem.path).sort()).toEqual(['date', 'timezone']);
  });
});

describe('materials in an edition file', () => {
  it('reports a javascript: URL with the file, line and path', () => {
    const error = problemsOf(`${VALID_HEAD}agenda:
  - kind: session
    title: One
    duration: 30
    items:
      - title: Talk
        materials:
          - { kind: slides, title: Slides, url: "javascript:alert(1)" }
  - { kind: end, at: "18:00" }
`);
    expect(error.message).toContain(
      'editions/broken.yaml:22:44  agenda[0].items[0].materials[0].url: expected an http:// or https:// URL',
    );
  });

  it('accepts http and https links on items and sessions', () => {
    const edition = parseEditionFile(
      'editions/ok.yaml',
      `${VALID_HEAD}agenda:
  - kind: session
    title: One
    duration: 30
    materials: [{ kind: recording, title: Recording, url: "http://videos.example/one" }]
    items:
      - title: Talk
        materials:
          - { kind: slides, title: Slides (PDF), url: "https://slides.example/talk.pdf" }
  - { kind: end, at: "18:00" }
`,
    );
    const [session] = edition.agenda;
    expect(session?.kind === 'session' && session.materials).toEqual([
      { kind: 'recording', title: 'Recording', url: 'http://videos.example/one' },
    ]);
    expect(session?.kind === 'session' && session.items[0]?.materials?.[0]?.url).toBe(
      'https://slides.example/talk.pdf',
    );
  });
});

describe('an edition file of several days', () => {
  const DAYS_HEAD = VALID_HEAD.replace(
    'date: 2030-06-20\n',
    'days:\n  - date: 2030-06-20\n  - date: 2030-06-21\n',
  );
  const talk = (fields: string) =>
    `  - { kind: session, title: One, duration: 30, items: [{ title: T }], ${fields} }`;

  it('reads the three-day online edition: days, sessions on their days, no end entries', () => {
    const edition = onlineEdition();
    expect(edition.date).toBeUndefined();
    expect(edition.days?.map((day) => day.date)).toEqual([
      '2020-06-16',
      '2020-06-17',
      '2020-06-18',
    ]);
    expect(edition.agenda.map((entry) => [entry.kind, entry.day])).toEqual([
      ['session', '2020-06-16'],
      ['session', '2020-06-16'],
      ['session', '2020-06-17'],
      ['session', '2020-06-17'],
      ['session', '2020-06-18'],
      ['session', '2020-06-18'],
    ]);
  });

  it.each([
    {
      name: 'a session on a day outside the edition',
      head: DAYS_HEAD,
      agenda: talk('day: 2030-06-25, at: "09:00"'),
      path: 'agenda[0].day',
      message: "expected one of the edition's days: 2030-06-20, 2030-06-21",
    },
    {
      name: 'a session on another day than a one-day edition',
      head: VALID_HEAD,
      agenda: `${talk('day: 2030-06-21')}\n  - { kind: end, at: "18:00" }`,
      path: 'agenda[0].day',
      message: "expected one of the edition's days: 2030-06-20",
    },
    {
      name: 'the same day twice',
      head: DAYS_HEAD.replace('date: 2030-06-21', 'date: 2030-06-20'),
      agenda: talk('at: "09:00"'),
      path: 'days[1].date',
      message: 'expected a date not listed before (2030-06-20 is day 1)',
    },
    {
      name: 'days out of order',
      head: DAYS_HEAD.replace('date: 2030-06-21', 'date: 2030-06-19'),
      agenda: talk('at: "09:00"'),
      path: 'days[1].date',
      message: 'expected a date after 2030-06-20: days are listed in order',
    },
    {
      name: 'agenda entries out of day order',
      head: DAYS_HEAD,
      agenda: `${talk('day: 2030-06-21, at: "09:00"')}\n${talk('id: two, day: 2030-06-20, at: "10:00"')}`,
      path: 'agenda[1].day',
      message: 'expected a day not before 2030-06-21: agenda entries are in time order',
    },
    {
      name: 'a day without entries',
      head: DAYS_HEAD,
      agenda: talk('at: "09:00"'),
      path: 'days[1]',
      message: 'expected at least one agenda entry on 2030-06-21 (set "day" on its first entry)',
    },
    {
      name: 'a day with nothing that fixes its times',
      head: DAYS_HEAD,
      agenda: `${talk('at: "09:00"')}\n${talk('id: two, day: 2030-06-21')}`,
      path: 'days[1].startsAt',
      message:
        'expected a start time for 2030-06-21: it has no break, end or session with a fixed time',
    },
    {
      name: 'an end that is not the last entry of its day',
      head: DAYS_HEAD,
      agenda: `  - { kind: end, at: "09:00" }\n${talk('at: "10:00"')}\n${talk('id: two, day: 2030-06-21, at: "09:00"')}`,
      path: 'agenda[0].kind',
      message: 'expected the end entry as the last agenda entry of its day',
    },
    {
      name: 'both date and days',
      head: DAYS_HEAD.replace('days:', 'date: 2030-06-20\ndays:'),
      agenda: talk('at: "09:00"'),
      path: 'date',
      message: 'expected no "date" when "days" lists the days (the first day is days[0].date)',
    },
  ])('reports $name at $path', ({ head, agenda, path, message }) => {
    const error = problemsOf(`${head}agenda:\n${agenda}\n`);
    expect(
      error.problems.map((problem) => ({ path: problem.path, message: problem.message })),
    ).toContainEqual({ path, message });
    for (const problem of error.problems) expect(problem.line).toBeGreaterThan(5);
  });

  it('refuses an item whose own time is outside its session, with its line', () => {
    const error = problemsOf(`${DAYS_HEAD}agenda:
  - kind: session
    title: One
    at: "09:00"
    duration: 30
    items:
      - { title: T, at: "09:30" }
  - { kind: session, id: two, title: Two, day: 2030-06-21, at: "09:00", duration: 30, items: [{ title: T }] }
`);
    expect(error.problems).toEqual([
      {
        path: 'agenda[0].items[0].at',
        line: 23,
        column: 21,
        message: 'expected a time inside its session One, which runs 09:00-09:30',
      },
    ]);
  });
});

describe('people in an edition file', () => {
  const agenda = `agenda:
  - { kind: session, title: One, duration: 30, items: [{ title: Talk, speakers: [ada] }] }
  - { kind: end, at: "18:00" }
`;

  it('refuses a person id given to another name, naming both entries', () => {
    const error = problemsOf(`${VALID_HEAD}speakers:
  - { id: ada, name: Ada Lovelace, affiliation: Analytical Engines }
  - { id: ada, name: Ada Byron }
${agenda}`);
    expect(error.message).toContain(
      'editions/broken.yaml:17:7  speakers[1].id: expected an id of this person\'s own: "ada" is Ada Lovelace (speakers[0]), a person id names one person in every edition',
    );
  });

  it('refuses the same person listed twice', () => {
    const error = problemsOf(`${VALID_HEAD}speakers:
  - { id: ada, name: Ada Lovelace }
  - { id: ada, name: Ada Lovelace }
${agenda}`);
    expect(error.message).toContain(
      'speakers[1].id: expected a person listed once ("ada" is already speakers[0])',
    );
  });
});
