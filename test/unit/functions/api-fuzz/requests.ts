import fc from 'fast-check';
import { createCursors, cursorKey, publicCursors } from '#functions/http/cursor.ts';
import { withExplicitIds } from '#shared/draft/edits.ts';
import { registrationEdition } from '../../../support/registration-app.ts';

/** What api-fuzz.test.ts sends: every route, with hostile ids, cursors, headers and bodies. */

/** The draft the fuzzed table holds; organizer bodies use its ids. */
export const draft = JSON.stringify(withExplicitIds(registrationEdition()));

/** Ids as a prober sends them: far too long, unicode, NULs, traversal, almost right. */
const hostileId = fc.oneof(
  fc.string({ minLength: 90, maxLength: 2100 }),
  fc.string({ unit: 'grapheme', maxLength: 600 }),
  fc.nat({ max: 2100 }).map((length) => 'a'.repeat(length)),
  fc.stringMatching(/^[a-z0-9]{1,40}(-[a-z0-9]{1,40}){0,60}$/),
  fc.constantFrom(
    'a'.repeat(100),
    'a'.repeat(101),
    'a'.repeat(1020),
    'a'.repeat(2000),
    `x-${'🦄'.repeat(600)}`,
    'ｒｕｎｔｉｍｅ',
    'runtime\u202e',
    'run\u0000time',
    '../../etc/passwd',
    '..\\..\\windows',
    'one-one-talk',
    'wh_00000000000000000000000000',
  ),
);
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  hostileId,
  fc.constantFrom(
    '2030',
    '2020',
    '0000',
    '-1',
    '20300',
    'runtime',
    '..',
    '%00',
    '%2F..%2F',
    '<script>',
    "' OR 1=1 --",
    '{{7*7}}',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, verbatim on purpose
    '${jndi:x}',
    'a'.repeat(3000),
  ),
);
/** Path segments: encoded values, and raw ones as a prober types them into the URL. */
const segment = fc.oneof(
  { weight: 4, arbitrary: nasty.map((value) => encodeURIComponent(value)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '%00',
      'a%00b',
      `${'a'.repeat(1500)}%00`,
      '..',
      '.',
      '%2e%2e',
      '..%2F..%2Fetc%2Fpasswd',
      '%2F',
      '%5C',
      '%ZZ',
      '%E0%A4%A',
      '%C0%AE%C0%AE',
      '%F0%9F%A6%84'.repeat(300),
      'runtime;x=1',
    ),
  },
);

const ORGANIZER_SCOPES = ['registrations/2030/all', 'registrations/2030/confirmed', 'audit/2030'];
const PUBLIC_SCOPES = ['editions', 'speakers/2030', 'talks/2030?kind=&segment=&session=&speaker='];
const serverCursors = createCursors(cursorKey('fuzz'));
/** Cursors: forged DynamoDB keys, oversized, malformed, and well signed for odd positions. */
const cursor = fc.oneof(
  nasty,
  fc
    .record(
      {
        pk: fc.constantFrom('REG#2030', 'REG#2030', 'REG#2020', 'AUDIT#2030', ''),
        sk: fc.oneof(
          hostileId,
          fc.constantFrom('EMAIL#0', 'COUNTER', 'REG#', 'WAIT#0', `REG#${'0'.repeat(1100)}`),
        ),
        gsi1pk: fc.constantFrom('REGSTATUS#2030#confirmed', 'REGSTATUS#2030#waitlisted'),
        gsi1sk: hostileId,
      },
      { requiredKeys: ['pk', 'sk'] },
    )
    .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url')),
  fc.nat({ max: 6000 }).map((length) => 'A'.repeat(length)),
  fc
    .tuple(fc.string({ maxLength: 136 }), fc.string({ minLength: 40, maxLength: 46 }))
    .map(([position, mac]) => `${Buffer.from(position).toString('base64url')}.${mac}`),
  fc
    .tuple(fc.constantFrom(...ORGANIZER_SCOPES), hostileId)
    .map(([scope, position]) => serverCursors.after(scope, position)),
  fc
    .tuple(fc.constantFrom(...PUBLIC_SCOPES), hostileId)
    .map(([scope, position]) => publicCursors.after(scope, position)),
  fc
    .constantFrom(...ORGANIZER_SCOPES)
    .map((scope) => serverCursors.after(scope, '01hzzzzzzzzzzzzzzzzzzzzzzz')),
);
/** What HTTP can carry in a header value: visible ASCII and spaces, up to 10 KB and more. */
const headerValue = fc
  .oneof(
    nasty,
    fc.string({ maxLength: 300 }),
    fc.nat({ max: 12 * 1024 }).map((length) => 'a'.repeat(length)),
    fc.string({ minLength: 9000, maxLength: 10_500 }),
  )
  .map((value) => value.replace(/[^\x20-\x7e]/g, '?'));
/** Templates that can land on a page (`/`, `/{year}`, `/{year}/manage`), which fail in HTML. */
export const PAGE_TEMPLATES = ['/', '/:y', '/:y/manage', '/:y/submission', '/:x'];
/** Templates that take a form post and answer with a page (the registration form, manage). */
export const FORM_TEMPLATES = ['/:y/manage', '/:y/submission', '/editions/:y/registrations'];
const template = fc.constantFrom(
  '/editions',
  '/editions/:y',
  '/editions/:y/agenda',
  '/editions/:y/talks',
  '/editions/:y/talks/:x',
  '/editions/:y/talks/:x.ics',
  '/editions/:y/speakers',
  '/editions/:y/speakers/:x',
  '/speakers/:x',
  '/editions/:y/agenda.ics',
  '/editions/:y/schedule.json',
  '/editions/:y/schedule.xml',
  '/editions/:y/agenda/releases',
  '/editions/:y/agenda/changes',
  '/editions/:y/registrations',
  '/editions/:y/registrations/:x',
  '/admin/editions/:y/registrations',
  '/admin/editions/:y/registrations.csv',
  '/admin/editions/:y/audit',
  '/admin/editions/:y/announcements',
  '/admin/editions/:y/announcements/:x',
  '/admin/editions/:y/draft',
  '/admin/editions/:y/draft/speakers',
  '/admin/editions/:y/draft/speakers/:x',
  '/admin/editions/:y/draft/talks/:x',
  '/admin/editions/:y/draft/sessions/:x',
  '/admin/editions/:y/draft/sessions/:x/talks',
  '/admin/editions/:y/draft/breaks/:x',
  '/admin/editions/:y/agenda/releases',
  '/admin/editions/:y/webhooks',
  '/admin/editions/:y/webhooks/:x',
  '/admin/editions/:y/webhooks/:x/deliveries',
  '/admin/editions/:y/check-ins',
  '/admin/editions/:y/attendance',
  '/admin/editions/:y/live/delays',
  '/admin/editions/:y/mail/failed',
  '/admin/editions/:y/mail/redrive',
  '/editions/:y/submissions/:x/talk',
  '/editions/:y/submissions/:x/speakers/:x',
  '/editions/:y/submissions/:x/materials',
  '/editions/:y/submissions/:x/materials/:x',
  '/:y',
  '/:y/manage',
  '/:y/submission',
  '/openapi.json',
  '/:x',
);
const registrationBody = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null)),
    email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 30 })),
    affiliation: fc.oneof(fc.string({ maxLength: 30 }), fc.boolean()),
    audience: fc.constantFrom('developers', 'other', 'nobody', ''),
    consent: fc.oneof(fc.constant(true), fc.boolean(), fc.string({ maxLength: 3 })),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
/** Organizer bodies with ids where ids go: long, unicode, traversal, almost right. */
const organizerBody = fc.record(
  {
    id: hostileId,
    name: fc.oneof(fc.string({ maxLength: 30 }), hostileId),
    title: fc.oneof(fc.string({ maxLength: 30 }), hostileId),
    speakers: fc.array(hostileId, { maxLength: 3 }),
    sessionId: hostileId,
    segment: fc.oneof(hostileId, fc.constant(null)),
    position: fc.integer(),
    url: fc.constantFrom('https://hooks.example/x', `https://${'a'.repeat(3000)}.example/`),
    events: fc.constant(['release.published']),
    code: fc.oneof(hostileId, fc.string({ maxLength: 40 })),
    scanId: hostileId,
    from: hostileId,
    minutes: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
    ids: fc.array(hostileId, { maxLength: 3 }),
    hours: fc.oneof(fc.integer(), fc.constant(1e9), fc.string({ maxLength: 5 })),
    subject: fc.oneof(fc.string({ maxLength: 30 }), hostileId),
    text: fc.string({ maxLength: 60 }),
    resend: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const fields = {
  method: fc.constantFrom('GET', 'GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
  template,
  year: fc.oneof(fc.constant('2030'), segment),
  id: fc.oneof(fc.constantFrom('one', 'one-one-talk', 'alpha'), segment),
  query: fc.array(
    fc.oneof(
      fc.tuple(
        fc.constantFrom('limit', 'cursor', 'segment', 'kind', 'from', 'to', 'status', 'x'),
        nasty,
      ),
      fc.tuple(fc.constant('cursor'), cursor),
      fc.tuple(fc.constantFrom('segment', 'session', 'speaker'), hostileId),
    ),
    { maxLength: 3 },
  ),
  contentType: fc.constantFrom(
    'application/json',
    'text/plain',
    'application/json; charset=utf-8',
    'multipart/form-data',
    'application/x-www-form-urlencoded',
    '',
  ),
  authorization: fc.constantFrom(
    undefined,
    'organizer',
    'organizer',
    'Bearer x',
    'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x',
    'Basic abc',
    'hostile',
  ),
  hostileAuthorization: headerValue,
  ifNoneMatch: fc.option(headerValue, { nil: undefined }),
  ifMatch: fc.option(headerValue, { nil: undefined }),
  idempotencyKey: fc.option(headerValue, { nil: undefined }),
  host: fc.option(headerValue, { nil: undefined }),
  body: fc.oneof(
    registrationBody.map((body) => JSON.stringify(body)),
    organizerBody.map((body) => JSON.stringify(body)),
    fc.string({ maxLength: 200 }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.constant('x'.repeat(17_000)),
  ),
};
/** Lists with a cursor and little else, so that cursors get past every other check. */
const listProbe = {
  ...fields,
  method: fc.constant('GET'),
  template: fc.constantFrom(
    '/admin/editions/:y/registrations',
    '/admin/editions/:y/audit',
    '/editions/:y/talks',
    '/editions/:y/speakers',
    '/editions',
  ),
  year: fc.constant('2030'),
  authorization: fc.constant('organizer'),
  query: fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.constant('cursor'), cursor) },
      fc.tuple(fc.constant('status'), fc.constantFrom('confirmed', 'waitlisted')),
      fc.tuple(fc.constant('limit'), fc.constantFrom('1', '100')),
    ),
    { minLength: 1, maxLength: 2 },
  ),
};
export const request = fc.oneof(
  { weight: 3, arbitrary: fc.record(fields) },
  { weight: 1, arbitrary: fc.record(listProbe) },
);

/**
 * Request paths are logged, and test/scan-logs.ts fails the run on anything shaped like a manage
 * token (43 characters of base64url): a generated path that happens to hold one is skipped.
 */
const TOKEN_SHAPED = /(?<![\w-])[\w-]{43}(?![\w-])/;
export const looksLikeToken = (path: string) => {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {}
  return TOKEN_SHAPED.test(path) || TOKEN_SHAPED.test(decoded);
};
