import { createHash } from 'node:crypto';
import type { CallView } from '#shared/cfp/call-view.ts';
import {
  emptySubmissionForm,
  SPEAKER_FIELDS,
  type SubmissionFormValues,
} from '#shared/cfp/submission-form.ts';
import { FORM_KEY_FIELD, type FormFieldError } from '#shared/registration/form.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The submission form of the call's page, one markup for the page and for the page that shows it
 * again with its errors. It posts form-encoded to the submissions route
 * (functions/cfp/forms/submission-forms.ts answers with a page). Every field's error is tied to
 * it (aria-describedby) and listed above the form with a link to the field.
 */

const SPEAKER_LABELS = {
  name: 'Name',
  email: 'Email',
  affiliation: 'Affiliation',
  bio: 'Short bio',
} as const;

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  abstract: 'Abstract',
  kind: 'Kind',
  segment: 'Track',
  notes: 'Notes for the organizers',
  consent: 'Consent',
  speakers: 'Speakers',
};

/** The element id of a field: `speakers.1.email` → `speakers-1-email`. */
const idOf = (name: string) => name.replaceAll('.', '-');

function labelOf(name: string): string | undefined {
  const speaker = /^speakers\.(\d+)\.(name|email|affiliation|bio)$/.exec(name);
  if (speaker) {
    return `Speaker ${Number(speaker[1]) + 1}: ${SPEAKER_LABELS[speaker[2] as keyof typeof SPEAKER_LABELS]}`;
  }
  return FIELD_LABELS[name];
}

const FIELD_ORDER = ['title', 'abstract', 'kind', 'segment', 'notes', 'speakers'];

/** Where a field is in the form, top to bottom: errors are listed and focused in that order. */
function formOrder(name: string): number {
  const speaker = /^speakers\.(\d+)\.(\w+)$/.exec(name);
  if (speaker) {
    const field = SPEAKER_FIELDS.indexOf(speaker[2] as (typeof SPEAKER_FIELDS)[number]);
    return FIELD_ORDER.length + Number(speaker[1]) * SPEAKER_FIELDS.length + Math.max(field, 0);
  }
  if (name === 'consent') return 1000;
  const index = FIELD_ORDER.indexOf(name);
  return index === -1 ? 2000 : index;
}

/**
 * The page's form key: the same for one version of the edition and one state of its call (the
 * page is rendered once for both and shared by caches). The server makes the Idempotency-Key
 * from it and the fields, so that a reload is one submission and two people never share one.
 */
export function callFormKey(year: number, version: string, state: string): string {
  return createHash('sha256')
    .update(JSON.stringify(['cfp', year, version, state]))
    .digest('base64url')
    .slice(0, 32);
}

export function submissionForm({
  call,
  formKey,
  values = emptySubmissionForm(call.limits.speakers),
  errors = [],
  problem,
}: {
  call: CallView;
  formKey: string;
  values?: SubmissionFormValues;
  errors?: FormFieldError[];
  problem?: { title: string; detail: string } | undefined;
}): SafeHtml {
  const { limits } = call;
  errors = [...errors].sort((a, b) => formOrder(a.name) - formOrder(b.name));
  const errorOf = (name: string) => errors.find((error) => error.name === name)?.detail;
  // Where a field's error link leads: the field, the first choice of a group, or the speakers.
  const targetOf = (name: string) => {
    if (name === 'kind') return `kind-${call.kinds[0]?.id ?? ''}`;
    if (name === 'speakers' || !labelOf(name)) return 'speakers-heading';
    return idOf(name);
  };
  const first = errors.find((error) => labelOf(error.name))?.name;
  const state = (name: string) =>
    errorOf(name) ? html` aria-invalid="true"${first === name ? html` autofocus` : ''}` : '';
  const message = (name: string) =>
    html`<p class="error" id="${idOf(name)}-error">${errorOf(name) ?? ''}</p>`;
  const described = (name: string, hint = false) =>
    html` aria-describedby="${hint ? `${idOf(name)}-hint ` : ''}${idOf(name)}-error"`;
  const summary =
    errors.length === 0
      ? ''
      : html`<div class="error error-summary" id="error-summary">
      <p><strong>Please correct ${errors.length === 1 ? 'this field' : `these ${errors.length} fields`}:</strong></p>
      <ul>${errors.map((error) => html`<li><a href="#${targetOf(error.name)}">${labelOf(error.name) ?? error.name}: ${error.detail}</a></li>`)}</ul></div>`;

  const kinds = html`<fieldset class="field choices" id="kind"${described('kind')}>
      <legend>Kind</legend>
      ${call.kinds.map(
        (kind, index) =>
          html`<div class="choice"><input type="radio" id="kind-${kind.id}" name="kind" value="${kind.id}" required${kind.id === values.kind ? html` checked` : ''}${index === 0 && first === 'kind' ? html` autofocus` : ''}><label for="kind-${kind.id}">${kind.label} (${kind.duration} min)</label></div>`,
      )}
      ${message('kind')}
    </fieldset>`;

  const speaker = (row: number) => {
    const speakerValues = values.speakers[row] ?? { name: '', email: '', affiliation: '', bio: '' };
    const name = (field: string) => `speakers.${row}.${field}`;
    const own = row === 0;
    const input = (
      field: (typeof SPEAKER_FIELDS)[number],
      attributes: SafeHtml,
      label: string = SPEAKER_LABELS[field],
    ) =>
      html`<div class="field"><label for="${idOf(name(field))}">${label}</label><input id="${idOf(name(field))}" name="${name(field)}"${attributes}${described(name(field))} value="${speakerValues[field]}"${state(name(field))}>${message(name(field))}</div>`;
    return html`<fieldset class="speaker" id="speaker-${row}">
      <legend>Speaker ${row + 1}${own ? ' (you)' : html` <span class="muted">(optional)</span>`}</legend>
      ${input('name', html` autocomplete="${own ? 'name' : 'off'}" maxlength="200"${own ? html` required` : ''}`)}
      ${input('email', html` type="email" autocomplete="${own ? 'email' : 'off'}" maxlength="254"${own ? html` required` : ''}`)}
      ${input('affiliation', html` autocomplete="${own ? 'organization' : 'off'}" maxlength="200"${own ? html` required` : ''}`)}
      <div class="field"><label for="${idOf(name('bio'))}">Short bio <span class="muted">(optional)</span></label><textarea id="${idOf(name('bio'))}" name="${name('bio')}" rows="3" maxlength="2000"${described(name('bio'))}${state(name('bio'))}>${speakerValues.bio}</textarea>${message(name('bio'))}</div>
    </fieldset>`;
  };

  return html`<form id="submission-form" method="post" action="/editions/${call.edition}/submissions" novalidate>
    ${summary}
    <input type="hidden" name="${FORM_KEY_FIELD}" value="${formKey}">
    <div class="field"><label for="title">Title</label><input id="title" name="title" required maxlength="${limits.title}"${described('title', true)} value="${values.title}"${state('title')}><p class="hint muted" id="title-hint">At most ${limits.title} characters.</p>${message('title')}</div>
    <div class="field"><label for="abstract">Abstract</label><textarea id="abstract" name="abstract" rows="10" required maxlength="${limits.abstract}"${described('abstract', true)}${state('abstract')}>${values.abstract}</textarea><p class="hint muted" id="abstract-hint">At most ${limits.abstract} characters: what you will present, and why it matters to the audience.</p>${message('abstract')}</div>
    ${kinds}
    <div class="field"><label for="segment">Track</label><select id="segment" name="segment" required${described('segment')}${state('segment')}><option value="">Choose one</option>${call.tracks.map((track) => html`<option value="${track.id}"${track.id === values.segment ? html` selected` : ''}>${track.name}</option>`)}</select>${message('segment')}</div>
    <div class="field"><label for="notes">Notes for the organizers <span class="muted">(optional)</span></label><textarea id="notes" name="notes" rows="3" maxlength="2000"${described('notes')}${state('notes')}>${values.notes}</textarea>${message('notes')}</div>
    <h3 id="speakers-heading">Speakers</h3>
    <p class="muted" id="speakers-hint">Up to ${limits.speakers} ${limits.speakers === 1 ? 'speaker' : 'speakers'}, you first. ${limits.speakers > 1 ? 'Leave a row empty for no further speaker. ' : ''}Each speaker gets the receipt with the private link; emails are never shown publicly.</p>
    ${message('speakers')}
    ${Array.from({ length: limits.speakers }, (_, row) => speaker(row))}
    <div class="field checkbox"><input id="consent" name="consent" type="checkbox" value="true" required${described('consent')}${values.consent ? html` checked` : ''}${state('consent')}><label for="consent">The speakers agree that their names, emails, affiliations and bios are stored to review this submission. Accepted speakers' names, affiliations and bios are published with their talk; emails never are.</label>${message('consent')}</div>
    <button type="submit">Submit</button>
    <p class="error" id="form-error" role="alert">${problem ? `${problem.title}: ${problem.detail}` : ''}</p>
  </form>`;
}
