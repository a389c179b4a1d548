import { describe, expect, it } from 'vitest';
import { parseRequestPart } from '#functions/http/validate.ts';
import { submissionRequestSchema } from '#shared/cfp/submission.ts';
import {
  emptySubmissionForm,
  formErrors,
  submissionFormValues,
  submissionRequestOfForm,
} from '#shared/cfp/submission-form.ts';
import { InvalidRequestError } from '#shared/errors.ts';

/** The call's form as browsers post it without JavaScript: fields → request, errors → fields. */

const FILLED = {
  title: 'Rootless builds in CI',
  abstract: 'How we build images without a daemon, and what it costs.',
  kind: 'lightning',
  segment: 'build-test',
  notes: '',
  consent: 'on',
  'speakers.0.name': 'Mira Cfpform',
  'speakers.0.email': 'mira.cfpform@example.org',
  'speakers.0.affiliation': 'Builders Ltd',
  'speakers.0.bio': '',
};

const params = (fields: Record<string, string>) => new URLSearchParams(fields);

function invalidNames(body: unknown): string[] {
  try {
    parseRequestPart(submissionRequestSchema, body, 'body');
  } catch (error) {
    if (error instanceof InvalidRequestError) return error.errors.map(({ name }) => name);
    throw error;
  }
  return [];
}

describe('the submission form as a request', () => {
  it('takes the typed values, one per field, and as many speaker rows as the call allows', () => {
    const values = submissionFormValues(
      params({ ...FILLED, 'speakers.1.name': 'Second', 'speakers.4.name': 'Past the rows' }),
      2,
    );
    expect(values.title).toBe(FILLED.title);
    expect(values.consent).toBe(true);
    expect(values.speakers).toEqual([
      {
        name: 'Mira Cfpform',
        email: 'mira.cfpform@example.org',
        affiliation: 'Builders Ltd',
        bio: '',
      },
      { name: 'Second', email: '', affiliation: '', bio: '' },
    ]);
    const repeated = new URLSearchParams('title=First&title=Second');
    expect(submissionFormValues(repeated, 1).title).toBe('First');
    expect(emptySubmissionForm(3).speakers).toHaveLength(3);
  });

  it('makes the JSON body the API validates: empty optional fields left out, consent true', () => {
    const { body, rows } = submissionRequestOfForm(submissionFormValues(params(FILLED), 4));
    expect(rows).toEqual([0]);
    expect(body).toEqual({
      title: FILLED.title,
      abstract: FILLED.abstract,
      kind: 'lightning',
      segment: 'build-test',
      consent: true,
      speakers: [
        { name: 'Mira Cfpform', email: 'mira.cfpform@example.org', affiliation: 'Builders Ltd' },
      ],
    });
    expect(invalidNames(body)).toEqual([]);
  });

  it('drops empty speaker rows but keeps the first, whose missing fields are errors', () => {
    const { body, rows } = submissionRequestOfForm(
      submissionFormValues(
        params({
          ...FILLED,
          'speakers.0.name': '',
          'speakers.0.email': '',
          'speakers.0.affiliation': '',
          'speakers.1.name': '   ',
          'speakers.2.name': 'Third Row',
          'speakers.2.email': 'third.row@example.org',
          'speakers.2.affiliation': 'Elsewhere',
          'speakers.2.bio': 'Builds things.',
        }),
        4,
      ),
    );
    expect(rows).toEqual([0, 2]);
    expect(body.speakers).toEqual([
      { name: '', email: '', affiliation: '' },
      {
        name: 'Third Row',
        email: 'third.row@example.org',
        affiliation: 'Elsewhere',
        bio: 'Builds things.',
      },
    ]);
    expect([...new Set(invalidNames(body))].sort()).toEqual([
      'speakers.0.affiliation',
      'speakers.0.email',
      'speakers.0.name',
    ]);
  });

  it('carries no consent for an unticked box, and no field the form does not have', () => {
    const { body } = submissionRequestOfForm(
      submissionFormValues(params({ ...FILLED, consent: '', status: 'accepted' }), 1),
    );
    expect(body).not.toHaveProperty('consent');
    expect(body).not.toHaveProperty('status');
    expect(invalidNames(body)).toEqual(['consent']);
  });

  it("names a speaker's error after the form row it came from", () => {
    const { body, rows } = submissionRequestOfForm(
      submissionFormValues(
        params({
          ...FILLED,
          'speakers.2.name': 'Row Three',
          'speakers.2.email': 'not-an-address',
          'speakers.2.affiliation': 'Somewhere',
        }),
        4,
      ),
    );
    expect(rows).toEqual([0, 2]);
    const names = invalidNames(body);
    expect(names).toEqual(['speakers.1.email']);
    expect(
      formErrors(
        [
          { name: 'speakers.1.email', detail: 'expected an email address' },
          { name: 'speakers', detail: 'expected at most 4 speakers' },
          { name: 'title', detail: 'expected at most 150 characters' },
          { name: 'title', detail: 'a second error of the same field' },
          { name: 'speakers.7.name', detail: 'a row the form does not know' },
        ],
        rows,
      ),
    ).toEqual([
      { name: 'speakers.2.email', detail: 'expected an email address' },
      { name: 'speakers', detail: 'expected at most 4 speakers' },
      { name: 'title', detail: 'expected at most 150 characters' },
      { name: 'speakers.7.name', detail: 'a row the form does not know' },
    ]);
  });
});
