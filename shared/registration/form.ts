import type { OnlineAccess } from '#shared/edition/online.ts';

/**
 * The registration form and the manage page as browsers without JavaScript post them
 * (`application/x-www-form-urlencoded`), and what the pages answering them show. The routes are
 * the registration context's (functions/registrations/forms.ts); the pages render these views
 * (functions/pages/registration-pages.ts). Nothing here reads or writes anything.
 */

/** The fields of the registration form, as typed: kept and shown again beside their errors. */
export interface RegistrationFormValues {
  name: string;
  email: string;
  affiliation: string;
  audience: string;
  consent: boolean;
}

export const EMPTY_FORM: RegistrationFormValues = {
  name: '',
  email: '',
  affiliation: '',
  audience: '',
  consent: false,
};

/** The hidden field that makes a resent form (a reload, a second click) one registration. */
export const FORM_KEY_FIELD = 'formKey';
export const FORM_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** One value per field: the first of a repeated one, an empty text for a missing one. */
const single = (params: URLSearchParams, name: string) => params.get(name) ?? '';

export function formValues(params: URLSearchParams): RegistrationFormValues {
  const consent = single(params, 'consent');
  return {
    name: single(params, 'name'),
    email: single(params, 'email'),
    affiliation: single(params, 'affiliation'),
    audience: single(params, 'audience'),
    consent: consent === 'true' || consent === 'on',
  };
}

/**
 * The form as the JSON body the API validates: an empty affiliation is none, an unticked box no
 * consent. Fields the form does not have are not carried over, so a form cannot set them.
 */
export function requestOfForm(values: RegistrationFormValues): Record<string, unknown> {
  return {
    name: values.name,
    email: values.email,
    ...(values.affiliation.trim() === '' ? {} : { affiliation: values.affiliation }),
    audience: values.audience,
    ...(values.consent ? { consent: true } : {}),
  };
}

/** The edition as a form page needs it. */
export interface FormEdition {
  year: number;
  title: string;
  audiences: { id: string; label: string }[];
}

export interface FormFieldError {
  name: string;
  detail: string;
}

/** A manage link, for the page right after registering: never put in a URL the server sees. */
interface ManageAccess {
  id: string;
  token: string;
  url: string;
}

export interface ManagedRegistration {
  id: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlistPosition?: number;
  name?: string;
  email?: string;
  online?: OnlineAccess;
  checkInCode?: string;
}

/** What a page answering a form shows. */
export type RegistrationFormView =
  | {
      kind: 'form';
      edition: FormEdition;
      values: RegistrationFormValues;
      errors: FormFieldError[];
      /** A refusal of the whole form (already registered, closed …): title and detail. */
      problem?: { title: string; detail: string };
      formKey: string;
    }
  | {
      kind: 'registered';
      edition: FormEdition;
      status: 'confirmed' | 'waitlisted';
      waitlistPosition?: number;
      /** Absent when the answer repeats an earlier one: the link went out by email. */
      manage?: ManageAccess;
    }
  | {
      kind: 'manage';
      edition: { year: number; title: string };
      registration: ManagedRegistration;
      /** Posted back with each action, never in a URL. */
      token: string;
      /** The check-in code as an SVG image, inline (no request can carry the token). */
      checkInQrSvg?: string;
      /** Ask before cancelling. */
      confirmCancel?: boolean;
      cancelledNow?: boolean;
    }
  | {
      kind: 'problem';
      year?: number;
      title: string;
      detail: string;
      status: number;
      /** Where to go on: the page to start again from. */
      back?: { href: string; label: string };
    };

/**
 * The id and token of a manage link pasted whole (`…/2020/manage#id=…&token=…`), or of its
 * fragment alone; undefined when the text holds neither.
 */
export function manageLinkParts(text: string): { id: string; token: string } | undefined {
  const trimmed = text.trim();
  const fragment = trimmed.includes('#') ? trimmed.slice(trimmed.indexOf('#') + 1) : trimmed;
  const params = new URLSearchParams(fragment);
  const id = params.get('id');
  const token = params.get('token');
  return id && token ? { id, token } : undefined;
}
