import { timeZoneLabel } from '#shared/agenda/clock.ts';
import type { CallConfig } from '#shared/cfp/call.ts';
import type { CallView } from '#shared/cfp/call-view.ts';
import type { SubmissionFormView } from '#shared/cfp/submission-form.ts';
import type { EditionDetails } from '#shared/edition/published.ts';
import { submissionForm } from './cfp-form.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';

/**
 * The call for papers and talks' page `/{year}/cfp` (what the call takes, when, and what happens
 * after submitting, then the form) and the pages answering its form. Plain HTML, no script: the
 * form posts and reads its answer without JavaScript. The answers are personal (the private link):
 * sent `no-store`, never kept.
 */

/** "2020-02-01T00:00:00+01:00" → "Saturday, 1 February 2020": the date as written, no zone shift. */
const longDate = (iso: string) =>
  new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** An end of the window as the edition file wrote it (a date, or a date and a time), in words. */
function moment(written: string, iso: string, edge: 'opens' | 'closes'): SafeHtml {
  const day = html`<time datetime="${iso}">${longDate(written)}</time>`;
  const time = written.slice(11, 16);
  if (edge === 'opens') return time ? html`at ${time} on ${day}` : html`on ${day}`;
  return time ? html`until ${time} on ${day}` : html`until the end of ${day}`;
}

function windowLines(call: CallConfig, view: CallView, timezone: string): SafeHtml {
  const zone = (iso: string) => `${timezone} time, ${timeZoneLabel(timezone, new Date(iso))}`;
  const opens = html`${moment(call.opens, view.opensAt, 'opens')} (${zone(view.opensAt)})`;
  const closes = html`${moment(call.closes, view.closesAt, 'closes')} (${zone(view.closesAt)})`;
  switch (view.state) {
    case 'open':
      return html`<p id="call-state" data-state="open"><strong>The call is open</strong> ${closes}.</p>
  <p class="muted">It opened ${opens}.</p>`;
    case 'not-yet-open':
      return html`<p id="call-state" data-state="not-yet-open"><strong>The call is not open yet.</strong> It opens ${opens} and takes submissions ${closes}.</p>`;
    case 'closed':
      return html`<p id="call-state" data-state="closed"><strong>The call is closed.</strong> It took submissions ${closes}. Thank you to everyone who submitted.</p>`;
  }
}

const minutes = (duration: number) => (duration === 1 ? '1 minute' : `${duration} minutes`);

export function callPage(
  details: Pick<EditionDetails, 'year' | 'title' | 'shortTitle' | 'timezone' | 'segments'> & {
    cfp: CallConfig;
  },
  view: CallView,
  formKey: string,
): string {
  const { year, cfp } = details;
  const descriptions = new Map(
    details.segments.map((segment) => [segment.id, segment.description]),
  );
  const { limits } = view;
  const form = view.open
    ? html`<section aria-labelledby="submit-heading" class="register">
  <h2 id="submit-heading">Submit</h2>
  ${submissionForm({ call: view, formKey })}
</section>`
    : '';
  return layout(
    `Call for papers and talks · ${details.shortTitle}: ${details.title}`,
    html`<header><p class="eyebrow"><a href="/${year}">${details.shortTitle}: ${details.title}</a></p><h1>Call for papers and talks</h1>
  ${windowLines(cfp, view, details.timezone)}
</header>
<main id="main">
  <section aria-labelledby="kinds-heading">
    <h2 id="kinds-heading">What you can submit</h2>
    <dl class="kinds">${view.kinds.map(
      (kind) =>
        html`<dt id="kind-${kind.id}-name">${kind.label} <span class="muted">&middot; ${minutes(kind.duration)}</span></dt><dd>${kind.description ?? ''}</dd>`,
    )}</dl>
  </section>
  <section aria-labelledby="tracks-heading">
    <h2 id="tracks-heading">Tracks</h2>
    <p>Each submission goes into one track, a segment of the workshop:</p>
    <ul class="tracks">${view.tracks.map(
      (track) =>
        html`<li><strong>${track.name}</strong>${descriptions.get(track.id) ? html`: ${descriptions.get(track.id) ?? ''}` : ''}</li>`,
    )}</ul>
  </section>
  <section aria-labelledby="rules-heading">
    <h2 id="rules-heading">Limits and review</h2>
    <ul id="limits">
      <li>A title of at most ${limits.title} characters, an abstract of at most ${limits.abstract}.</li>
      <li>Up to ${limits.speakers} ${limits.speakers === 1 ? 'speaker' : 'speakers'} per submission.</li>
      <li id="review-mode">${
        view.blind
          ? 'Review is blind: reviewers read the title, abstract, kind and track, never the speakers’ names or affiliations.'
          : 'Reviewers read the submission with the speakers’ names and affiliations; never their emails.'
      }</li>
    </ul>
  </section>
  <section aria-labelledby="next-heading">
    <h2 id="next-heading">What happens after submitting</h2>
    <ol>
      <li>Each speaker gets a receipt by email with the submission&rsquo;s private link. Until the call closes, the link lets you read, change or withdraw it.</li>
      <li>Reviewers score the submissions; the organizers decide and write to every speaker.</li>
      <li>If it is accepted, confirm with the same link: the talk joins the agenda, and the link lets you keep your name, affiliation, bio and slides up to date.</li>
      <li>Speakers&rsquo; emails are never published. Rejected and withdrawn submissions are deleted ${cfp.retentionDays} days after the workshop, or at once when you ask with the link.</li>
    </ol>
  </section>
  ${form}
</main>`,
    { page: 'cfp', year },
    { script: false },
  );
}

const header = (year: number, heading: string) =>
  html`<header><p class="eyebrow"><a href="/${year}/cfp">Call for papers and talks ${year}</a></p><h1>${heading}</h1></header>`;

function formPage(view: Extract<SubmissionFormView, { kind: 'form' }>): string {
  const year = view.call.edition;
  return layout(
    `Submit · Call for papers and talks ${year}`,
    html`${header(year, 'Submit a talk or paper')}
<main id="main">
  <section aria-labelledby="submit-heading" class="register">
  <h2 id="submit-heading" class="visually-hidden">Submission form</h2>
  ${submissionForm({
    call: view.call,
    formKey: view.formKey,
    values: view.values,
    errors: view.errors,
    problem: view.problem,
  })}
  </section>
</main>`,
    { page: 'cfp-form', year },
    { script: false },
  );
}

function submittedPage(view: Extract<SubmissionFormView, { kind: 'submitted' }>): string {
  const next = view.manageUrl
    ? html`<p>Keep this link: <a href="${view.manageUrl}" id="submission-link">Your submission</a>. It is the only way to read, change or withdraw it until the call closes, and to confirm it if it is accepted. We have emailed it to each speaker too.</p>`
    : html`<p>This form had been sent already: it is one submission. The private link to read, change or withdraw it is in the receipt email each speaker got.</p>`;
  return layout(
    `Submitted · Call for papers and talks ${view.year}`,
    html`${header(view.year, 'Your submission is in')}
<main id="main">
  <div id="submission-result" role="status" tabindex="-1" autofocus>
  <p>Thank you: &ldquo;${view.title}&rdquo; is submitted.</p>
  ${next}
  </div>
  <p><a href="/${view.year}">Back to the workshop</a></p>
</main>`,
    { page: 'cfp-submitted', year: view.year },
    { script: false },
  );
}

function problemPage(view: Extract<SubmissionFormView, { kind: 'problem' }>): string {
  return layout(
    view.title,
    html`<header><h1>${view.title}</h1></header>
<main id="main">
  <p id="problem-detail" role="alert">${view.detail}</p>
  ${view.status === 503 ? html`<p>The workshop's data is out of reach for a moment. Send the form again shortly.</p>` : ''}
  <p>${view.year ? html`<a href="/${view.year}/cfp">Back to the call for papers and talks</a> &middot; ` : ''}<a href="/">The workshop's page</a></p>
</main>`,
    { page: 'error', status: view.status },
    { script: false },
  );
}

/** A page for what a posted submission form led to. */
export function renderSubmissionView(view: SubmissionFormView): string {
  switch (view.kind) {
    case 'form':
      return formPage(view);
    case 'submitted':
      return submittedPage(view);
    case 'problem':
      return problemPage(view);
  }
}
