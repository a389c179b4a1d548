import { createHmac, randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Problem, problemFor, reportError } from '#functions/http/problem.ts';
import { formPostHandler, isFormPost } from '#functions/http/same-origin.ts';
import { parseRequestPart } from '#functions/http/validate.ts';
import type { CallView } from '#shared/cfp/call-view.ts';
import { type SubmissionRequest, submissionRequestSchema } from '#shared/cfp/submission.ts';
import {
  formErrors,
  type SubmissionFormValues,
  type SubmissionFormView,
  submissionFormValues,
  submissionRequestOfForm,
} from '#shared/cfp/submission-form.ts';
import { IdempotencyInFlightError, InvalidRequestError } from '#shared/errors.ts';
import { FORM_KEY_FIELD, FORM_KEY_PATTERN } from '#shared/registration/form.ts';

/**
 * The call's submission form without JavaScript: browsers post it form-encoded to the JSON
 * route's path and get pages back, through the same submissions service (its window, limits,
 * idempotency, mails and webhooks), as functions/registrations/forms.ts does for registrations.
 * The pages are the pages context's, handed in by the composition roots. Only this site's own
 * pages may post (functions/http/same-origin.ts).
 */

/** What the form needs of the submissions service (part "submit"; the composition roots wire it). */
export interface SubmitPort {
  /** The call as the page shows it; throws NotFoundError without edition or call. */
  call(year: number): Promise<CallView>;
  /** Submits as `POST /editions/{year}/submissions` does; throws the domain's errors. */
  submit(
    year: number,
    request: SubmissionRequest,
    options: { idempotencyKey?: string },
  ): Promise<{ id: string; manageUrl: string; replayed: boolean }>;
}

export interface SubmissionFormPages {
  /** Renders what a form's answer shows (functions/pages/cfp-page.ts). */
  render: (view: SubmissionFormView) => string;
  /** Where the pages are served (configuration): the origin forms may come from. */
  publicUrl: string;
  /** A secret of the service's (the email HMAC key): form posts' Idempotency-Keys are made with it. */
  formKeySecret: string;
}

/**
 * Form-encoding takes up to nine bytes for a character (`%E2%80%94`): room for the widest call's
 * abstract and speakers' bios, past the JSON route's limit.
 */
export const MAX_FORM_BYTES = 64 * 1024;

export function mountSubmissionForms(
  app: Hono,
  port: SubmitPort,
  { render, publicUrl, formKeySecret }: SubmissionFormPages,
) {
  const page = (
    c: Context,
    view: SubmissionFormView,
    status: ContentfulStatusCode,
    headers: Record<string, string> = {},
  ) => c.html(render(view), status, { ...headers, 'cache-control': 'no-store' });

  /** Every failure as a page, with the status and headers (Retry-After) the API would send. */
  const problemPage = (c: Context, error: unknown) => {
    const { problem, headers } = reportError(
      error instanceof Error ? error : new Error(String(error)),
      c,
    );
    if (error instanceof IdempotencyInFlightError) {
      problem.detail =
        'This form was sent twice and the first is still being processed. Reload this page in a few seconds to see the result.';
    }
    return page(
      c,
      {
        kind: 'problem',
        year: Number(c.req.param('year')),
        title: problem.title,
        detail: problem.detail,
        status: problem.status,
      },
      problem.status,
      headers,
    );
  };

  const limited = (handle: (c: Context) => Promise<Response>) =>
    formPostHandler(
      {
        publicUrl,
        maxBytes: MAX_FORM_BYTES,
        tooLarge: `A submission form is at most ${MAX_FORM_BYTES} bytes.`,
        problemPage,
      },
      handle,
    );

  async function submit(c: Context): Promise<Response> {
    const year = Number(c.req.param('year'));
    const params = new URLSearchParams(await c.req.text());
    const call = await port.call(year);
    const values = submissionFormValues(params, call.limits.speakers);
    const sentKey = params.get(FORM_KEY_FIELD) ?? '';
    const keyed = FORM_KEY_PATTERN.test(sentKey);
    const { body, rows } = submissionRequestOfForm(values);
    // Field errors beside their fields, the values kept; anything else is a problem page.
    const formAgain = (error: InvalidRequestError) =>
      page(
        c,
        formView(call, values, keyed ? sentKey : newFormKey(), problemFor(error, c.req.path), rows),
        400,
      );
    let request: SubmissionRequest;
    try {
      request = parseRequestPart(submissionRequestSchema, body, 'body');
    } catch (error) {
      if (error instanceof InvalidRequestError) return formAgain(error);
      throw error;
    }
    try {
      const submitted = await port.submit(year, request, {
        ...(keyed ? { idempotencyKey: formIdempotencyKey(formKeySecret, sentKey, request) } : {}),
      });
      // The same form sent again (a reload): anyone who sends the same fields from the same
      // public page gets this answer, so it holds no private link (the speakers have it by mail).
      return page(
        c,
        {
          kind: 'submitted',
          year,
          title: request.title,
          ...(submitted.replayed ? {} : { manageUrl: submitted.manageUrl }),
        },
        201,
      );
    } catch (error) {
      if (error instanceof InvalidRequestError) return formAgain(error);
      throw error;
    }
  }

  // Before the JSON route: a form post is answered here, anything else goes on to it.
  app.post('/editions/:year{[0-9]{4}}/submissions', (c, next) =>
    isFormPost(c) ? limited(submit)(c) : next(),
  );
}

const newFormKey = () => randomBytes(18).toString('base64url');

/**
 * The Idempotency-Key of a form post: its page's form key and its fields under a key derived from
 * the service's secret, so that no JSON client can name it and replay the answer it keeps. The
 * request is built by the form's parser in one field order, so its JSON is the same each time.
 */
function formIdempotencyKey(secret: string, formKey: string, request: SubmissionRequest): string {
  const formKeys = createHmac('sha256', secret).update('submission-form-idempotency').digest();
  const digest = createHmac('sha256', formKeys)
    .update(`${formKey}\n${JSON.stringify(request)}`)
    .digest('base64url');
  return `form.${digest}`;
}

function formView(
  call: CallView,
  values: SubmissionFormValues,
  formKey: string,
  problem: Problem,
  rows: readonly number[],
): SubmissionFormView {
  const errors = formErrors(problem.errors ?? [], rows);
  return {
    kind: 'form',
    call,
    values,
    errors,
    ...(errors.length > 0 ? {} : { problem: { title: problem.title, detail: problem.detail } }),
    formKey,
  };
}
