import { describe, expect, it } from 'vitest';
import { timeZoneLabel } from '#shared/agenda/clock.ts';
import { onlineAccess, publicEditionLocation, withoutOnlineUrls } from '#shared/edition/online.ts';
import { EditionFileError, parseEditionFile } from '#shared/edition/parse.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { seedEdition } from '../../../support/editions.ts';

const JOIN_URL = 'https://meet.example.org/j/hpcw-private-4711';
const LAB_URL = 'https://lab.example.org/private-lab';

/** An edition file head without where; `where` is put in at line 5. */
const head = (where: string) => `year: 2030
title: Test
shortTitle: T30
website: https://workshop.example/
${where}
date: 2030-06-20
timezone: Europe/Berlin
abstract: A test.
topicAreas: []
keywords: { topics: [], technologies: [] }
targetAudience: []
format: Talks.
segments: []
`;
const AGENDA = `agenda:
  - { kind: session, title: One, duration: 60, items: [{ title: Talk }] }
  - { kind: end, at: "18:00" }
`;

const parse = (text: string) => parseEditionFile('editions/where.yaml', text);

function problemsOf(text: string) {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof EditionFileError) return error.problems;
  }
  throw new Error('expected an EditionFileError');
}

describe('where an edition takes place', () => {
  it('reads the 2020 file, with only "venue", as in person at ISC High Performance', () => {
    const edition = seedEdition();
    expect(publicEditionLocation(edition)).toEqual({
      mode: 'in-person',
      venue: 'ISC High Performance',
    });
    expect(onlineAccess(edition)).toEqual({ sessions: [] });
    expect(publishEdition(edition).details).toMatchObject({
      venue: 'ISC High Performance',
      location: { mode: 'in-person', venue: 'ISC High Performance' },
    });
  });

  it('publishes an online edition by mode and room name, and keeps the URL apart', () => {
    const edition = parse(
      `${head(`location: { mode: online, stream: { url: "${JOIN_URL}", room: HPCW on Zoom } }`)}${AGENDA}`,
    );
    const published = publishEdition(edition);
    expect(published.details.location).toEqual({
      mode: 'online',
      stream: { room: 'HPCW on Zoom' },
    });
    expect(published.details.venue).toBe('HPCW on Zoom');
    expect(JSON.stringify(published)).not.toContain('example.org');
    expect(onlineAccess(edition)).toEqual({
      edition: { url: JOIN_URL, room: 'HPCW on Zoom' },
      sessions: [],
    });
    expect(JSON.stringify(withoutOnlineUrls(edition))).not.toContain('example.org');
    expect(publishEdition(withoutOnlineUrls(edition))).toEqual(published);
  });

  it('lets a session of a hybrid edition differ: in person only, or online in a room of its own', () => {
    const edition = parse(`${head(`location:
  mode: hybrid
  venue: Hamburg Messe
  room: Hall Y5
  stream: { url: "${JOIN_URL}" }`)}agenda:
  - { kind: session, title: Hands-on, duration: 60, items: [{ title: Lab }], location: { mode: in-person, room: Lab 3 } }
  - kind: session
    title: Remote
    duration: 30
    items: [{ title: Talk }]
    location: { mode: online, stream: { url: "${LAB_URL}", room: Breakout } }
  - { kind: session, title: Plenary, duration: 30, items: [{ title: Talk }] }
  - { kind: end, at: "18:00" }
`);
    const published = publishEdition(edition);
    expect(published.details.location).toEqual({
      mode: 'hybrid',
      venue: 'Hamburg Messe',
      room: 'Hall Y5',
      stream: {},
    });
    expect(published.details.venue).toBe('Hamburg Messe, Hall Y5');
    expect(published.sessions.map((session) => session.location)).toEqual([
      { mode: 'in-person', venue: 'Hamburg Messe', room: 'Lab 3' },
      { mode: 'online', stream: { room: 'Breakout' } },
      undefined,
    ]);
    expect(JSON.stringify(published)).not.toMatch(/example\.org/);
    expect(onlineAccess(edition)).toEqual({
      edition: { url: JOIN_URL },
      sessions: [{ sessionId: 'remote', title: 'Remote', url: LAB_URL, room: 'Breakout' }],
    });
  });

  it('labels display zones for the event date: CEST, ET, PT', () => {
    const at = new Date('2030-06-20T10:00:00Z');
    expect(timeZoneLabel('Europe/Berlin', at)).toBe('CEST');
    expect(timeZoneLabel('America/New_York', at)).toBe('ET');
    expect(timeZoneLabel('America/Los_Angeles', at)).toBe('PT');
    expect(timeZoneLabel('Asia/Tokyo', at)).toBe('Tokyo');
    const edition = parse(
      `${head('venue: Somewhere\ndisplayTimeZones: [America/New_York, Europe/Berlin]')}${AGENDA}`,
    );
    expect(publishEdition(edition).details.displayTimeZones).toEqual([
      { timeZone: 'Europe/Berlin', label: 'CEST' },
      { timeZone: 'America/New_York', label: 'ET' },
    ]);
  });
});

describe('a broken location', () => {
  it.each([
    {
      name: 'mode online without a stream URL',
      where: 'location: { mode: online }',
      problem: {
        path: 'location.stream',
        line: 5,
        message: expect.stringMatching(
          /^expected the stream or meeting URL \(http or https\) for mode online/,
        ),
      },
    },
    {
      name: 'mode hybrid with a stream but no URL',
      where: 'location: { mode: hybrid, venue: Hall, stream: { room: Zoom } }',
      problem: {
        path: 'location.stream.url',
        line: 5,
        message: expect.stringMatching(/^expected the stream or meeting URL/),
      },
    },
    {
      name: 'a URL that is not http(s)',
      where: 'location: { mode: online, stream: { url: "ftp://meet.example/hpcw" } }',
      problem: {
        path: 'location.stream.url',
        line: 5,
        message: 'expected an http or https URL, e.g. "https://meet.example/hpcw"',
      },
    },
    {
      name: 'a javascript: URL',
      where: 'location: { mode: online, stream: { url: "javascript:alert(1)" } }',
      problem: {
        path: 'location.stream.url',
        line: 5,
        message: 'expected an http or https URL, e.g. "https://meet.example/hpcw"',
      },
    },
    {
      name: 'mode online with a venue',
      where: `location: { mode: online, venue: Hall, stream: { url: "${JOIN_URL}" } }`,
      problem: {
        path: 'location.venue',
        line: 5,
        message: 'expected no venue or room for mode online: use mode hybrid to have both',
      },
    },
    {
      name: 'mode in-person with a stream',
      where: `location: { mode: in-person, venue: Hall, stream: { url: "${JOIN_URL}" } }`,
      problem: {
        path: 'location.stream',
        line: 5,
        message: 'expected no stream for mode in-person: use mode hybrid to have both',
      },
    },
    {
      name: 'mode in-person without a venue',
      where: 'location: { mode: in-person, room: Hall Y5 }',
      problem: {
        path: 'location.venue',
        line: 5,
        message: 'expected the venue for mode in-person, e.g. "ISC High Performance"',
      },
    },
    {
      name: 'an unknown mode',
      where: 'location: { mode: remote }',
      problem: {
        path: 'location.mode',
        line: 5,
        message: 'expected one of "in-person", "online", "hybrid"',
      },
    },
    {
      name: 'both venue and location',
      where: 'venue: Hall\nlocation: { mode: in-person, venue: Hall }',
      problem: {
        path: 'venue',
        line: 5,
        message: 'expected no top-level venue beside location: put it in location.venue',
      },
    },
    {
      name: 'neither venue nor location',
      where: '# nowhere',
      problem: {
        path: 'location',
        message: 'expected a location (mode in-person, online or hybrid) or a venue',
      },
    },
    {
      name: 'an unknown display time zone',
      where: 'venue: Hall\ndisplayTimeZones: [America/New_York, Mars/Olympus]',
      problem: {
        path: 'displayTimeZones[1]',
        line: 6,
        message: 'expected an IANA time zone, e.g. "America/New_York"',
      },
    },
  ])('refuses $name with the line, path and what is expected', ({ where, problem }) => {
    expect(problemsOf(`${head(where)}${AGENDA}`)).toEqual([expect.objectContaining(problem)]);
  });

  it('refuses an online session in an in-person edition without a URL of its own', () => {
    const problems = problemsOf(`${head('venue: Hall')}agenda:
  - kind: session
    title: Remote
    duration: 30
    items: [{ title: Talk }]
    location: { mode: online, stream: { room: Zoom } }
  - { kind: end, at: "18:00" }
`);
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'agenda[0].location.stream.url',
        line: 19,
        message: expect.stringMatching(/^expected the stream or meeting URL/),
      }),
    ]);
  });
});
