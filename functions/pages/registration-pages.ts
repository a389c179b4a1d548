import type { ManagedRegistration, RegistrationFormView } from '#shared/registration/form.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { registrationForm } from './registration-form.ts';

/**
 * The pages that answer the registration form and the manage page when they are posted without
 * JavaScript (functions/registrations/forms.ts renders them through the composition roots). They
 * are personal: sent `no-store`, never kept. The manage token travels in hidden fields of forms
 * that post, never in a link.
 */

const header = (year: number, title: string, heading: string) =>
  html`<header><p class="eyebrow"><a href="/${year}">${title}</a></p><h1>${heading}</h1></header>`;

/** The forms of the manage page: each posts the id and token back, with what to do. */
function manageForm(year: number, id: string, token: string, intent: string, label: string) {
  return html`<form method="post" action="/${year}/manage" class="inline-form">
    <input type="hidden" name="id" value="${id}"><input type="hidden" name="token" value="${token}">
    <input type="hidden" name="intent" value="${intent}">
    <button type="submit"${intent === 'show' ? html` class="secondary"` : ''}>${label}</button>
  </form>`;
}

function statusLines(registration: ManagedRegistration): SafeHtml {
  const line =
    registration.status === 'confirmed'
      ? 'Your seat is confirmed.'
      : registration.status === 'waitlisted'
        ? `You are on the waiting list, at position ${registration.waitlistPosition ?? '?'}.`
        : 'Your registration is cancelled. Your name and email have been deleted.';
  const who = registration.name
    ? html`<p>Registered as ${registration.name}${registration.email ? ` <${registration.email}>` : ''}.</p>`
    : '';
  const online = registration.online;
  const joins = online
    ? [
        ...(online.edition ? [{ label: 'Join online', room: online.edition }] : []),
        ...online.sessions.map((room) => ({ label: `Join “${room.title}” online`, room })),
      ].filter(({ room }) => /^https?:\/\//i.test(room.url))
    : [];
  return html`<p>${line}</p>${who}${joins.map(
    ({ label, room }) =>
      html`<p>${label}: <a class="join" href="${room.url}" rel="noopener noreferrer">${room.room ?? room.url}</a></p>`,
  )}`;
}

function managePage(view: Extract<RegistrationFormView, { kind: 'manage' }>): string {
  const { edition, registration, token } = view;
  const { year, title } = edition;
  const code = registration.checkInCode
    ? html`<p>Your check-in code: <code class="check-in-code">${registration.checkInCode}</code></p>
  ${view.checkInQrSvg ? html`<figure class="check-in-qr" role="img" aria-label="QR code of your check-in code">${{ html: view.checkInQrSvg }}</figure>` : ''}`
    : '';
  const actions = view.confirmCancel
    ? html`<section aria-labelledby="confirm-heading" class="confirm" id="confirm-cancel">
  <h2 id="confirm-heading">Cancel your registration?</h2>
  <p>Your seat goes to the next person on the waiting list, and your name and email are deleted. This cannot be undone.</p>
  ${manageForm(year, registration.id, token, 'cancel-confirmed', 'Yes, cancel my registration')}
  ${manageForm(year, registration.id, token, 'show', 'No, keep it')}
</section>`
    : registration.status === 'cancelled'
      ? html`<p><a href="/${year}">Back to the workshop</a></p>`
      : manageForm(year, registration.id, token, 'cancel', 'Cancel my registration');
  return layout(
    `Your registration · ${title}`,
    html`${header(year, title, 'Your registration')}
<main id="main">
  <div id="manage" data-status="${registration.status}" role="status" tabindex="-1"${view.cancelledNow || view.confirmCancel ? '' : html` autofocus`}>
  ${statusLines(registration)}
  ${code}
  </div>
  ${actions}
</main>`,
    { page: 'manage-result', year },
  );
}

function registeredPage(view: Extract<RegistrationFormView, { kind: 'registered' }>): string {
  const { edition, manage } = view;
  const line =
    view.status === 'confirmed'
      ? 'You are registered: your seat is confirmed.'
      : `You are on the waiting list, at position ${view.waitlistPosition ?? '?'}. We give you a seat as soon as one is free.`;
  const next = manage
    ? html`<p>Keep this link: <a href="${manage.url}" id="manage-link">Manage your registration</a>. It is the only way to see or cancel your registration; we have emailed it to you too.</p>
  ${manageForm(edition.year, manage.id, manage.token, 'show', 'See or cancel my registration')}`
    : html`<p>This form had been sent already: you are registered once. The link to see or cancel your registration is in the confirmation email we sent you.</p>`;
  return layout(
    `Registered · ${edition.title}`,
    html`${header(edition.year, edition.title, view.status === 'confirmed' ? 'You are registered' : 'You are on the waiting list')}
<main id="main">
  <div id="registration-result" data-status="${view.status}" role="status" tabindex="-1" autofocus>
  <p>${line}</p>
  ${next}
  </div>
  <p><a href="/${edition.year}">Back to the workshop</a></p>
</main>`,
    { page: 'registered', year: edition.year },
  );
}

function formPage(view: Extract<RegistrationFormView, { kind: 'form' }>): string {
  const { edition } = view;
  return layout(
    `Register · ${edition.title}`,
    html`${header(edition.year, edition.title, 'Register')}
<main id="main">
  <section aria-labelledby="register-heading" class="register">
  <h2 id="register-heading" class="visually-hidden">Registration form</h2>
  ${registrationForm({
    year: edition.year,
    audiences: edition.audiences,
    formKey: view.formKey,
    values: view.values,
    errors: view.errors,
    problem: view.problem,
  })}
  <div id="registration-result" role="status" aria-live="polite" hidden></div>
  </section>
</main>`,
    { page: 'register', year: edition.year },
  );
}

function problemPage(view: Extract<RegistrationFormView, { kind: 'problem' }>): string {
  const back = view.back ?? (view.year ? { href: `/${view.year}`, label: 'The workshop' } : null);
  return layout(
    view.title,
    html`<header><h1>${view.title}</h1></header>
<main id="main">
  <p id="problem-detail" role="alert">${view.detail}</p>
  ${view.status === 503 ? html`<p>The workshop's data is out of reach for a moment. Send the form again shortly.</p>` : ''}
  <p>${back ? html`<a href="${back.href}">${back.label}</a> &middot; ` : ''}<a href="/">The workshop's page</a></p>
</main>`,
    { page: 'error', status: view.status },
  );
}

/** A page for what a posted registration or manage form led to. */
export function renderRegistrationView(view: RegistrationFormView): string {
  switch (view.kind) {
    case 'form':
      return formPage(view);
    case 'registered':
      return registeredPage(view);
    case 'manage':
      return managePage(view);
    case 'problem':
      return problemPage(view);
  }
}
