import { createHash } from 'node:crypto';
import {
  EMPTY_FORM,
  FORM_KEY_FIELD,
  type FormFieldError,
  type RegistrationFormValues,
} from '#shared/registration/form.ts';
import type { PublicRegistrationState } from '#shared/registration/rules.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The registration form, one markup for the edition page and for the page that shows it again
 * with its errors. It posts form-encoded to the registration route (functions/registrations/
 * forms.ts answers with a page); the page script sends the same fields as JSON instead.
 */

const LABELS: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  affiliation: 'Affiliation',
  audience: 'I am attending as',
  consent: 'Consent',
};

/**
 * The edition page's form key: the same for one seat state (the page is rendered once per
 * release and state, and shared by caches), another once anyone registers or cancels. The
 * server makes the Idempotency-Key from it and the fields, so two people never share one.
 */
export function formKeyOf(year: number, state: PublicRegistrationState): string {
  return createHash('sha256')
    .update(JSON.stringify([year, state]))
    .digest('base64url')
    .slice(0, 32);
}

export function registrationForm({
  year,
  audiences,
  formKey,
  values = EMPTY_FORM,
  errors = [],
  problem,
}: {
  year: number;
  audiences: { id: string; label: string }[];
  formKey: string;
  values?: RegistrationFormValues;
  errors?: FormFieldError[];
  problem?: { title: string; detail: string } | undefined;
}): SafeHtml {
  const errorOf = (name: string) => errors.find((error) => error.name === name)?.detail;
  const first = errors.find((error) => LABELS[error.name])?.name;
  // Without a script, the first field in error takes the focus by itself (autofocus).
  const state = (name: string) =>
    errorOf(name) ? html` aria-invalid="true"${first === name ? html` autofocus` : ''}` : '';
  const message = (name: string) =>
    html`<p class="error" id="${name}-error">${errorOf(name) ?? ''}</p>`;
  const summary =
    errors.length === 0
      ? ''
      : html`<div class="error error-summary" id="error-summary">
      <p><strong>Please correct ${errors.length === 1 ? 'this field' : `these ${errors.length} fields`}:</strong></p>
      <ul>${errors.map((error) => html`<li><a href="#${LABELS[error.name] ? error.name : 'name'}">${LABELS[error.name] ?? error.name}: ${error.detail}</a></li>`)}</ul></div>`;
  return html`<form id="registration-form" method="post" action="/editions/${year}/registrations" novalidate>
    ${summary}
    <input type="hidden" name="${FORM_KEY_FIELD}" value="${formKey}">
    <div class="field"><label for="name">Name</label><input id="name" name="name" autocomplete="name" required maxlength="200" aria-describedby="name-error" value="${values.name}"${state('name')}>${message('name')}</div>
    <div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required maxlength="254" aria-describedby="email-error" value="${values.email}"${state('email')}>${message('email')}</div>
    <div class="field"><label for="affiliation">Affiliation <span class="muted">(optional)</span></label><input id="affiliation" name="affiliation" autocomplete="organization" maxlength="200" aria-describedby="affiliation-error" value="${values.affiliation}"${state('affiliation')}>${message('affiliation')}</div>
    <div class="field"><label for="audience">I am attending as</label><select id="audience" name="audience" required aria-describedby="audience-error"${state('audience')}><option value="">Choose one</option>${audiences.map((audience) => html`<option value="${audience.id}"${audience.id === values.audience ? html` selected` : ''}>${audience.label}</option>`)}</select>${message('audience')}</div>
    <div class="field checkbox"><input id="consent" name="consent" type="checkbox" value="true" required aria-describedby="consent-error"${values.consent ? html` checked` : ''}${state('consent')}><label for="consent">I agree that my name, email and affiliation are stored for this workshop and deleted after it.</label>${message('consent')}</div>
    <button type="submit">Register</button>
    <p class="error" id="form-error" role="alert">${problem ? `${problem.title}: ${problem.detail}` : ''}</p>
  </form>`;
}
