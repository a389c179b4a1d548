import type { FormFieldError } from '../registration/form.ts';
import type { CallView } from './call-view.ts';

/**
 * The submission form of the page `/{year}/cfp` as browsers without JavaScript post it
 * (`application/x-www-form-urlencoded`), and what the pages answering it show. The route is the
 * cfp context's (functions/cfp/forms/submission-forms.ts); the pages render these views
 * (functions/pages/cfp-page.ts). Nothing here reads or writes anything.
 */

interface SpeakerFormValues {
  name: string;
  email: string;
  affiliation: string;
  bio: string;
}

/** The fields as typed: kept and shown again beside their errors. */
export interface SubmissionFormValues {
  title: string;
  abstract: string;
  kind: string;
  segment: string;
  notes: string;
  consent: boolean;
  /** One per row of the form, empty rows included. */
  speakers: SpeakerFormValues[];
}

export const SPEAKER_FIELDS = ['name', 'email', 'affiliation', 'bio'] as const;

const EMPTY_SPEAKER: SpeakerFormValues = { name: '', email: '', affiliation: '', bio: '' };

export function emptySubmissionForm(rows: number): SubmissionFormValues {
  return {
    title: '',
    abstract: '',
    kind: '',
    segment: '',
    notes: '',
    consent: false,
    speakers: Array.from({ length: rows }, () => ({ ...EMPTY_SPEAKER })),
  };
}

/** One value per field: the first of a repeated one, an empty text for a missing one. */
const single = (params: URLSearchParams, name: string) => params.get(name) ?? '';

/** The form's fields; `rows` speaker rows (the call's limit), fields past them ignored. */
export function submissionFormValues(params: URLSearchParams, rows: number): SubmissionFormValues {
  const consent = single(params, 'consent');
  return {
    title: single(params, 'title'),
    abstract: single(params, 'abstract'),
    kind: single(params, 'kind'),
    segment: single(params, 'segment'),
    notes: single(params, 'notes'),
    consent: consent === 'true' || consent === 'on',
    speakers: Array.from({ length: rows }, (_, row) => ({
      name: single(params, `speakers.${row}.name`),
      email: single(params, `speakers.${row}.email`),
      affiliation: single(params, `speakers.${row}.affiliation`),
      bio: single(params, `speakers.${row}.bio`),
    })),
  };
}

const blank = (text: string) => text.trim() === '';

/**
 * The form as the JSON body the API validates, and for each of its speakers the form row it
 * came from. The first row is always a speaker (its missing fields are errors); a later row left
 * empty is none. Empty optional fields are left out, an unticked box is no consent, and fields
 * the form does not have are not carried over.
 */
export function submissionRequestOfForm(values: SubmissionFormValues): {
  body: Record<string, unknown>;
  rows: number[];
} {
  const rows = values.speakers.flatMap((speaker, row) =>
    row === 0 || SPEAKER_FIELDS.some((field) => !blank(speaker[field])) ? [row] : [],
  );
  const speakers = rows.map((row) => {
    const { name, email, affiliation, bio } = values.speakers[row] ?? EMPTY_SPEAKER;
    return { name, email, affiliation, ...(blank(bio) ? {} : { bio }) };
  });
  return {
    body: {
      title: values.title,
      abstract: values.abstract,
      kind: values.kind,
      segment: values.segment,
      ...(blank(values.notes) ? {} : { notes: values.notes }),
      ...(values.consent ? { consent: true } : {}),
      speakers,
    },
    rows,
  };
}

/**
 * The errors of a request made from the form, named after the form's fields (`speakers.1.email`
 * of the request is the email of the form row that became its second speaker), the first for each.
 */
export function formErrors(
  errors: readonly { name: string; detail: string }[],
  rows: readonly number[],
): FormFieldError[] {
  const named = errors.map(({ name, detail }) => {
    const speaker = /^speakers\.(\d+)(\..+)?$/.exec(name);
    const row = speaker ? rows[Number(speaker[1])] : undefined;
    return { name: row === undefined ? name : `speakers.${row}${speaker?.[2] ?? ''}`, detail };
  });
  return named.filter(
    (error, index) => named.findIndex(({ name }) => name === error.name) === index,
  );
}

/** What a page answering the submission form shows. */
export type SubmissionFormView =
  | {
      kind: 'form';
      call: CallView;
      values: SubmissionFormValues;
      errors: FormFieldError[];
      /** A refusal of the whole form: title and detail. */
      problem?: { title: string; detail: string };
      formKey: string;
    }
  | {
      kind: 'submitted';
      year: number;
      title: string;
      /** The private link; absent when the answer repeats an earlier one (it went out by email). */
      manageUrl?: string;
    }
  | {
      kind: 'problem';
      year?: number;
      title: string;
      detail: string;
      status: number;
    };
