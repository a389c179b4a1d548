import { createHttpApp } from '#functions/http/app.ts';
import { PROBLEM_TYPE_LIST, type ProblemName } from '#functions/http/problem.ts';
import { noQuery, parseRequestPart, singleValuedQuery } from '#functions/http/validate.ts';
import { NotFoundError } from '#shared/errors.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';

/**
 * The problem types' own pages: every `type` of a problem answer (`/problems/not-found`, …) is a
 * URL that says what the problem means and what to do, and `/problems` lists them all. Plain HTML,
 * no script; the same for everyone, so cached like the docs. An unknown name is a 404 problem.
 */

interface Explanation {
  /** What happened, in a sentence or two. */
  means: string;
  /** What the client or person can do about it. */
  todo: string;
}

/** One for every problem type: the compiler refuses a type without its explanation. */
const EXPLANATIONS: Record<ProblemName, Explanation> = {
  'invalid-request': {
    means:
      'A path, query, header or body value is not valid. `errors` lists each one: its `name`, where it was (`in`: path, query, header or body) and what was expected (`detail`).',
    todo: 'Correct the values named in `errors` and send the request again. Nothing was changed.',
  },
  unauthorized: {
    means: 'The route needs a bearer token, and none was sent or it is expired or not valid.',
    todo: 'Sign in again as an organizer (or use the manage token you got on registering) and send it as `Authorization: Bearer <token>`.',
  },
  forbidden: {
    means:
      'The token is valid, but not for this: organizer routes need a token of the "organizers" group.',
    todo: 'Ask the workshop’s organizers for access, or use an account in their group.',
  },
  'registration-not-open': {
    means: 'Registration for this edition has not opened yet.',
    todo: 'Come back when it opens: the edition (GET /editions/{year}) says when in `registration.opensAt`.',
  },
  'registration-closed': {
    means: 'Registration for this edition has closed.',
    todo: 'Write to the organizers (the edition’s website) if you still want to come.',
  },
  'not-found': {
    means:
      'There is nothing at this path: no such edition, item or registration, or a manage token that does not match.',
    todo: 'Check the year, the id and the token. A cancelled registration is erased: its manage link no longer works.',
  },
  'registration-not-offered': {
    means: 'This edition takes no registrations through this API.',
    todo: 'See the edition’s website for how to take part.',
  },
  'already-registered': {
    means: 'This email address is already registered for this edition.',
    todo: 'Use the manage link from your confirmation email to see or cancel your registration.',
  },
  'waitlist-full': {
    means: 'All seats are taken and the waiting list is full.',
    todo: 'Try again later: a cancellation frees a place on the waiting list.',
  },
  'idempotency-key-in-flight': {
    means: 'Another request with the same `Idempotency-Key` is still being answered.',
    todo: 'Wait `Retry-After` seconds and send the same request again: it gets the first request’s answer.',
  },
  'check-in-closed': {
    means:
      'Check-in codes are taken only from a while before each event day’s first session (`checkIn.opensBefore` in the edition file, 2 h by default) to that day’s end. `window` names the next window, or the last one when all are over, with `date`, `opensAt`, `closesAt` and the edition’s `timeZone`.',
    todo: 'Scan the code again once the window is open. Nobody was checked in.',
  },
  conflict: {
    means:
      'The request contradicts the current state: an id already taken, a person on the waiting list at the door, a last item removed.',
    todo: 'Read the resource again, and change the request to fit what it is now; `detail` says what stands in the way.',
  },
  'release-has-lint-errors': {
    means: 'The draft has lint errors, listed in `findings`: a release would publish them.',
    todo: 'Fix the findings in the draft and release again, or release with `force` and a reason.',
  },
  'precondition-failed': {
    means:
      'The `If-Match` you sent is not the current ETag: someone changed the resource since you read it.',
    todo: 'Read it again (GET), apply your change to what it is now, and send it with the new ETag.',
  },
  'payload-too-large': {
    means: 'The request body is larger than this route takes (`detail` says how large it may be).',
    todo: 'Send less: shorter texts, fewer entries.',
  },
  'unsupported-media-type': {
    means: 'The body is not in a format this route takes (JSON, unless the route says otherwise).',
    todo: 'Send `Content-Type: application/json` with a JSON body.',
  },
  'idempotency-key-reused': {
    means: 'This `Idempotency-Key` was used before with another body.',
    todo: 'Use a new key for a new request; reuse a key only to retry the very same request.',
  },
  'precondition-required': {
    means:
      'A write to an editable resource needs `If-Match`, so that it cannot overwrite a change it has not seen.',
    todo: 'Read the resource (GET), then send its ETag as `If-Match` with your change.',
  },
  'too-many-requests': {
    means: 'Too many attempts in a short time (for example guessing check-in codes).',
    todo: 'Wait `Retry-After` seconds before trying again.',
  },
  'temporarily-unavailable': {
    means: 'The database is busy or out of reach for a moment. Nothing was half done.',
    todo: 'Wait `Retry-After` seconds and send the same request again (with the same `Idempotency-Key` where the route takes one).',
  },
  'internal-error': {
    means: 'Something went wrong on the server’s side. It has been logged.',
    todo: 'Try again later. If it keeps happening, tell the organizers the `instance` and the time.',
  },
};

const PROBLEMS_CACHE_CONTROL = 'public, max-age=3600';

/** `code` marks in the explanations become <code>. */
function prose(text: string): SafeHtml {
  const parts = text.split('`');
  return html`${parts.map((part, index) => (index % 2 === 1 ? html`<code>${part}</code>` : part))}`;
}

/** A page of plain text: the site's style, no script. */
function problemPage(title: string, body: SafeHtml): string {
  return layout(
    title,
    html`<main id="main">
${body}
<p><a href="/problems">All problem types</a> &middot; <a href="/docs">API</a> &middot; <a href="/">The workshop&rsquo;s page</a></p>
</main>`,
    {},
    { script: false },
  );
}

function typePage(problem: (typeof PROBLEM_TYPE_LIST)[number]): string {
  const { means, todo } = EXPLANATIONS[problem.slug];
  return problemPage(
    `${problem.title} · Problem types`,
    html`<header><p class="eyebrow">Problem type <code>/problems/${problem.slug}</code> &middot; HTTP ${String(problem.status)}</p><h1>${problem.title}</h1></header>
<h2>What it means</h2>
<p id="means">${prose(means)}</p>
<h2>What to do</h2>
<p id="todo">${prose(todo)}</p>
<p class="muted">Every error of this API is an RFC 9457 problem (<code>application/problem+json</code>) with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> and <code>instance</code>.</p>`,
  );
}

function indexPage(): string {
  return problemPage(
    'Problem types',
    html`<header><h1>Problem types</h1></header>
<p>Every error of this API is an RFC 9457 problem; its <code>type</code> is one of these pages.</p>
<ul id="problem-types">${PROBLEM_TYPE_LIST.map(
      (problem) =>
        html`<li><a href="/problems/${problem.slug}">${problem.title}</a> <span class="muted">(${String(problem.status)}, <code>/problems/${problem.slug}</code>)</span></li>`,
    )}</ul>`,
  );
}

export function createProblemPagesApp() {
  const app = createHttpApp();
  const pages = new Map(PROBLEM_TYPE_LIST.map((problem) => [problem.slug, typePage(problem)]));
  const index = indexPage();
  const refuseQuery = (query: Record<string, string[]>) =>
    parseRequestPart(noQuery, singleValuedQuery(query), 'query');
  app.get('/problems', (c) => {
    refuseQuery(c.req.queries());
    return c.html(index, 200, { 'cache-control': PROBLEMS_CACHE_CONTROL });
  });
  app.get('/problems/:name', (c) => {
    refuseQuery(c.req.queries());
    const page = pages.get(c.req.param('name') as ProblemName);
    if (!page) throw new NotFoundError('There is no such problem type: /problems lists them all.');
    return c.html(page, 200, { 'cache-control': PROBLEMS_CACHE_CONTROL });
  });
  return app;
}
