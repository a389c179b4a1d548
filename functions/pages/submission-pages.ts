import type {
  SpeakerPageErrors,
  SpeakerPageSpeaker,
  SpeakerPageTalk,
  SpeakerPageView,
} from '#shared/cfp/speaker-page.ts';
import { MATERIAL_KINDS } from '#shared/edition/materials.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';

/**
 * The speakers' page of a submission's private link (`/{year}/submission`). The link's id and
 * token ride in its fragment, never sent in an address: the page's script posts them in a form,
 * and without a script the page asks for the link in that form. What the post answers (the
 * submission, the talk's slot, the forms to change a speaker and the materials) is rendered here
 * for the cfp context (functions/cfp/speakers/forms.ts), handed in by the composition roots.
 * Personal: sent `no-store`. The token travels in hidden fields of forms that post only.
 */

const header = (year: number, title: string, heading: string) =>
  html`<header><p class="eyebrow"><a href="/${year}">${title}</a></p><h1>${heading}</h1></header>`;

/** The page the private link opens: its script posts the fragment's id and token at once. */
export function submissionPage(year: number, title: string): string {
  return layout(
    `Your submission · ${title}`,
    html`${header(year, title, 'Your submission')}
<main id="main">
  <form method="post" action="/${String(year)}/submission" id="submission-link-form">
    <input type="hidden" name="id" value=""><input type="hidden" name="token" value="">
    <p>Paste the whole private link from the email we sent you about your submission. It is sent to us in this form, never in an address.</p>
    <div class="field"><label for="submission-link">Private link</label><input id="submission-link" name="link" autocomplete="off" spellcheck="false"></div>
    <button type="submit">Show my submission</button>
  </form>
</main>`,
    { page: 'submission', year },
  );
}

/** Where the page's forms post, and the link they post back. */
interface Link {
  id: string;
  token: string;
  action: string;
}

/** Every form of the page posts the link back, with what to do. */
const hidden = (id: string, token: string, intent: string) =>
  html`<input type="hidden" name="id" value="${id}"><input type="hidden" name="token" value="${token}"><input type="hidden" name="intent" value="${intent}">`;

const clock = (iso: string) => iso.slice(11, 16);

const STATUS_LINES: Record<string, string> = {
  submitted: 'Submitted: the call’s reviewers will read it.',
  withdrawn: 'Withdrawn.',
  accepted: 'Accepted: please confirm or decline it with the link in the decision email.',
  rejected: 'Not accepted this time.',
  confirmed: 'Confirmed: your talk is on the agenda.',
  declined: 'Declined.',
};

function talkSection(talk: SpeakerPageTalk | null, status: string): SafeHtml | '' {
  if (status !== 'confirmed') return '';
  if (!talk) {
    return html`<section aria-labelledby="talk-heading"><h2 id="talk-heading">Your slot</h2>
  <p>Your talk is not in the published agenda yet: the organizers release it soon.</p></section>`;
  }
  const live = talk.live
    ? html`<p id="talk-live" class="late">Running ${String(Math.abs(talk.live.delayMinutes))} min ${talk.live.delayMinutes >= 0 ? 'late' : 'early'}: now <time datetime="${talk.live.start}">${clock(talk.live.start)}</time>&ndash;<time datetime="${talk.live.end}">${clock(talk.live.end)}</time></p>`
    : '';
  return html`<section aria-labelledby="talk-heading"><h2 id="talk-heading">Your slot</h2>
  <p id="talk-slot"><strong>${talk.title}</strong>: ${talk.day}, <time datetime="${talk.start}">${clock(talk.start)}</time>&ndash;<time datetime="${talk.end}">${clock(talk.end)}</time> (the venue&rsquo;s time)</p>
  ${live}
  </section>`;
}

function fieldErrors(errors: SpeakerPageErrors | undefined, form: string, personId?: string) {
  if (!errors || errors.form !== form || errors.personId !== personId) return undefined;
  return errors;
}

function field(
  prefix: string,
  name: string,
  label: string,
  value: string,
  errors: SpeakerPageErrors | undefined,
  control: 'input' | 'textarea' | 'url' = 'input',
): SafeHtml {
  const id = `${prefix}-${name}`;
  const detail = errors?.fields.find((error) => error.name === name)?.detail;
  const first = errors?.fields[0]?.name === name;
  const state = detail ? html` aria-invalid="true"${first ? html` autofocus` : ''}` : '';
  const input =
    control === 'textarea'
      ? html`<textarea id="${id}" name="${name}" rows="4" aria-describedby="${id}-error"${state}>${value}</textarea>`
      : html`<input id="${id}" name="${name}"${control === 'url' ? html` type="url" inputmode="url"` : ''} aria-describedby="${id}-error" value="${value}"${state}>`;
  return html`<div class="field"><label for="${id}">${label}</label>${input}<p class="error" id="${id}-error">${detail ?? ''}</p></div>`;
}

function speakerForm(
  { id, token, action }: Link,
  speaker: SpeakerPageSpeaker,
  errors: SpeakerPageErrors | undefined,
): SafeHtml {
  const personId = speaker.personId ?? '';
  const own = fieldErrors(errors, 'speaker', personId);
  const value = (name: 'name' | 'affiliation' | 'bio') => own?.values[name] ?? speaker[name] ?? '';
  return html`<form method="post" action="${action}" class="speaker-form" id="speaker-${personId}">
    ${hidden(id, token, 'speaker')}<input type="hidden" name="personId" value="${personId}">
    <fieldset><legend>${speaker.name}</legend>
    ${field(`speaker-${personId}`, 'name', 'Name as shown', value('name'), own)}
    ${field(`speaker-${personId}`, 'affiliation', 'Affiliation', value('affiliation'), own)}
    ${field(`speaker-${personId}`, 'bio', 'Bio (optional)', value('bio'), own, 'textarea')}
    <button type="submit">Save ${speaker.name}</button></fieldset>
  </form>`;
}

function materialsSection(
  { id, token, action }: Link,
  talk: SpeakerPageTalk,
  errors: SpeakerPageErrors | undefined,
): SafeHtml {
  const own = fieldErrors(errors, 'material');
  const value = (name: string) => own?.values[name] ?? '';
  const list =
    talk.materials.length === 0
      ? html`<p>No materials yet.</p>`
      : html`<ul id="materials">${talk.materials.map(
          (material) =>
            html`<li><span class="kind">${material.kind}</span> <a href="${material.url}" rel="noopener">${material.title}</a>
      <form method="post" action="${action}" class="inline-form">${hidden(id, token, 'remove-material')}<input type="hidden" name="materialId" value="${material.id}"><button type="submit" class="secondary">Remove ${material.title}</button></form></li>`,
        )}</ul>`;
  const kind = own?.values.kind ?? 'slides';
  const kindError = own?.fields.find((error) => error.name === 'kind')?.detail;
  return html`<section aria-labelledby="materials-heading"><h2 id="materials-heading">Materials</h2>
  <p>Slides, code and recordings you add here are public at once, on your talk in the agenda.</p>
  ${list}
  <form method="post" action="${action}" id="material-form">
    ${hidden(id, token, 'material')}
    <div class="field"><label for="material-kind">Kind</label><select id="material-kind" name="kind" aria-describedby="material-kind-error"${kindError ? html` aria-invalid="true"` : ''}>${MATERIAL_KINDS.map((option) => html`<option value="${option}"${option === kind ? html` selected` : ''}>${option}</option>`)}</select><p class="error" id="material-kind-error">${kindError ?? ''}</p></div>
    ${field('material', 'title', 'Title', value('title'), own)}
    ${field('material', 'url', 'Link (http:// or https://)', value('url'), own, 'url')}
    <button type="submit">Add and publish</button>
  </form></section>`;
}

function submissionView(view: Extract<SpeakerPageView, { kind: 'submission' }>): string {
  const { edition, id, token, submission, talk, errors } = view;
  const confirmed = submission.status === 'confirmed';
  const link = { id, token, action: `/${edition.year}/submission` };
  const decision = submission.decision?.message
    ? html`<p>The organizers wrote: ${submission.decision.message}</p>`
    : '';
  return layout(
    `Your submission · ${edition.title}`,
    html`${header(edition.year, edition.title, submission.title)}
<main id="main">
  <div id="submission" data-status="${submission.status}" role="status" tabindex="-1"${errors ? '' : html` autofocus`}>
    <p>${STATUS_LINES[submission.status] ?? submission.status}</p>
    ${view.notice ? html`<p id="notice"><strong>${view.notice}</strong></p>` : ''}
  </div>
  ${decision}
  ${talkSection(talk, submission.status)}
  <section aria-labelledby="details-heading"><h2 id="details-heading">Your submission</h2>
  <dl><dt>Kind</dt><dd>${submission.kind}</dd><dt>Track</dt><dd>${submission.segment}</dd><dt>Abstract</dt><dd>${submission.abstract}</dd></dl>
  <h3>Speakers</h3>
  <ul>${submission.speakers.map((speaker) => html`<li>${speaker.name}, ${speaker.affiliation}${speaker.bio ? html`<br><span class="muted">${speaker.bio}</span>` : ''}</li>`)}</ul>
  </section>
  ${
    confirmed
      ? html`<section aria-labelledby="speakers-heading"><h2 id="speakers-heading">How you are shown</h2>
  <p>Changes go to the organizers, who publish them with the next release of the agenda.</p>
  ${submission.speakers.filter((speaker) => speaker.personId).map((speaker) => speakerForm(link, speaker, errors))}
  </section>`
      : ''
  }
  ${confirmed && talk ? materialsSection(link, talk, errors) : ''}
  <p><a href="/${edition.year}">Back to the workshop</a></p>
</main>`,
    { page: 'submission-result', year: edition.year },
  );
}

function problemPage(view: Extract<SpeakerPageView, { kind: 'problem' }>): string {
  return layout(
    view.title,
    html`<header><h1>${view.title}</h1></header>
<main id="main">
  <p id="problem-detail" role="alert">${view.detail}</p>
  ${view.status === 503 ? html`<p>The workshop's data is out of reach for a moment. Send the form again shortly.</p>` : ''}
  <p>${view.year ? html`<a href="/${view.year}/submission">Back to your submission</a> &middot; ` : ''}<a href="/">The workshop's page</a></p>
</main>`,
    { page: 'error', status: view.status },
  );
}

/** A page for what a posted form of the speakers' page led to. */
export function renderSpeakerPageView(view: SpeakerPageView): string {
  return view.kind === 'submission' ? submissionView(view) : problemPage(view);
}
