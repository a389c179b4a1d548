import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Problem, problemFor, reportError } from '#functions/http/problem.ts';
import { formPostHandler, isFormPost } from '#functions/http/same-origin.ts';
import { parseRequestPart } from '#functions/http/validate.ts';
import {
  IdempotencyInFlightError,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
} from '#shared/errors.ts';
import {
  FORM_KEY_FIELD,
  FORM_KEY_PATTERN,
  type FormEdition,
  formValues,
  manageLinkParts,
  type RegistrationFormValues,
  type RegistrationFormView,
  requestOfForm,
} from '#shared/registration/form.ts';
import { registrationRequestSchema } from '#shared/registration/request.ts';
import { checkInQrSvg } from './qr.ts';
import { registrationReply } from './replies.ts';
import { MAX_BODY_BYTES } from './schemas.ts';
import { REGISTRATION_ID_PATTERN } from './secrets.ts';
import type { RegistrationService } from './service.ts';

/**
 * The registration form and the manage page without JavaScript: browsers post them
 * form-encoded and get pages back, through the same service as the JSON routes (its rules,
 * idempotency, mails and webhooks), on the same registration route (its body limit, rate rule
 * and throttle; README, "The edge in AWS"). The pages are the pages context's, handed in by the
 * composition roots. Only this site's own pages may post (functions/http/same-origin.ts).
 */

export interface RegistrationForms {
  /** Renders what a form's answer shows (functions/pages/registration-pages.ts). */
  render: (view: RegistrationFormView) => string;
  /** Where the pages are served (configuration): the origin forms may come from. */
  publicUrl: string;
}

export function mountRegistrationForms(
  app: Hono,
  service: RegistrationService,
  { render, publicUrl }: RegistrationForms,
) {
  const page = (
    c: Context,
    view: RegistrationFormView,
    status: ContentfulStatusCode,
    headers: Record<string, string> = {},
  ) => c.html(render(view), status, { ...headers, 'cache-control': 'no-store' });

  /** Every failure as a page, with the status and headers (Retry-After) the API would send. */
  const problemPage = (c: Context, error: unknown, back?: { href: string; label: string }) => {
    const { problem, headers } = reportError(
      error instanceof Error ? error : new Error(String(error)),
      c,
    );
    const year = Number(c.req.param('year'));
    return page(
      c,
      {
        kind: 'problem',
        ...(Number.isInteger(year) ? { year } : {}),
        title: problem.title,
        detail: problem.detail,
        status: problem.status,
        ...(back ? { back } : {}),
      },
      problem.status,
      headers,
    );
  };

  const limited = (handle: (c: Context) => Promise<Response>) =>
    formPostHandler(
      {
        publicUrl,
        maxBytes: MAX_BODY_BYTES,
        tooLarge: `A form is at most ${MAX_BODY_BYTES} bytes.`,
        problemPage: (c, error) =>
          problemPage(c, error, error instanceof PayloadTooLargeError ? undefined : backTo(c)),
      },
      handle,
    );

  const backTo = (c: Context) => {
    const year = c.req.param('year');
    return c.req.path.endsWith('/manage')
      ? { href: `/${year}/manage`, label: 'Back to the manage page' }
      : { href: `/${year}#register-heading`, label: 'Back to the registration form' };
  };

  async function register(c: Context): Promise<Response> {
    const year = Number(c.req.param('year'));
    const params = new URLSearchParams(await c.req.text());
    const values = formValues(params);
    const sentKey = params.get(FORM_KEY_FIELD) ?? '';
    const keyed = FORM_KEY_PATTERN.test(sentKey);
    const edition = await service.formEdition(year);
    const formPage = (status: ContentfulStatusCode, problem: Problem, headers = {}) =>
      page(c, formView(edition, values, keyed ? sentKey : newFormKey(), problem), status, headers);
    let request: ReturnType<typeof parseRequestPart<typeof registrationRequestSchema>>;
    try {
      request = parseRequestPart(registrationRequestSchema, requestOfForm(values), 'body');
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      return formPage(400, problemFor(error, c.req.path));
    }
    try {
      const registered = async (idempotencyKey?: string): Promise<Response> => {
        const outcome = await service.register(year, request, {
          ...(idempotencyKey ? { idempotencyKey } : {}),
        });
        const reply = registrationReply(year, outcome, c.req.path);
        if ('problem' in reply) return formPage(reply.status, reply.problem);
        const created = reply.body;
        if (!reply.replayed) {
          return registeredPage(c, edition, created, {
            id: created.id,
            token: created.manageToken,
            url: created.manageUrl,
          });
        }
        // The same form sent again (a reload): said as it stands now, without the manage link,
        // since anyone who sends the same fields from the same public page gets this answer. A
        // registration cancelled since is not brought back: the form registers anew.
        const now = await service.get(year, created.id, created.manageToken).catch((error) => {
          if (error instanceof NotFoundError) return null;
          throw error;
        });
        if (!now || now.status === 'cancelled') return registered();
        return registeredPage(c, edition, {
          status: now.status,
          ...(now.waitlistPosition === undefined ? {} : { waitlistPosition: now.waitlistPosition }),
        });
      };
      return await registered(keyed ? service.formIdempotencyKey(sentKey, request) : undefined);
    } catch (error) {
      // A refusal of the whole form is shown above it, the fields kept; the rest is a problem page.
      const problem = problemFor(error, c.req.path);
      if (problem.status >= 500) throw error;
      if (error instanceof IdempotencyInFlightError) {
        problem.detail =
          'This form was sent twice and the first is still being processed. Reload this page in a few seconds to see the result.';
        return formPage(problem.status, problem, {
          'retry-after': String(error.retryAfterSeconds),
        });
      }
      return formPage(problem.status, problem);
    }
  }

  const registeredPage = (
    c: Context,
    edition: FormEdition,
    result: { status: 'confirmed' | 'waitlisted'; waitlistPosition?: number },
    manage?: { id: string; token: string; url: string },
  ) =>
    page(
      c,
      {
        kind: 'registered',
        edition,
        status: result.status,
        ...(result.waitlistPosition === undefined
          ? {}
          : { waitlistPosition: result.waitlistPosition }),
        ...(manage ? { manage } : {}),
      },
      201,
    );

  async function manage(c: Context): Promise<Response> {
    const year = Number(c.req.param('year'));
    const params = new URLSearchParams(await c.req.text());
    const link = params.get('link');
    const parts =
      link === null
        ? { id: params.get('id') ?? '', token: params.get('token') ?? '' }
        : manageLinkParts(link);
    if (!parts?.id || !parts.token) {
      throw new InvalidRequestError([
        {
          name: 'link',
          in: 'body',
          detail: 'expected the whole manage link from your email, with its id= and token=',
        },
      ]);
    }
    if (!REGISTRATION_ID_PATTERN.test(parts.id)) {
      throw new NotFoundError('There is no registration with this id and manage token.');
    }
    const edition = await service.formEdition(year);
    const intent = params.get('intent') ?? 'show';
    const cancelling = intent === 'cancel-confirmed';
    const registration = cancelling
      ? await service.cancel(year, parts.id, parts.token)
      : await service.get(year, parts.id, parts.token);
    return page(
      c,
      {
        kind: 'manage',
        edition: { year, title: edition.title },
        registration,
        token: parts.token,
        ...(registration.checkInCode
          ? { checkInQrSvg: checkInQrSvg(registration.checkInCode) }
          : {}),
        ...(intent === 'cancel' && registration.status !== 'cancelled'
          ? { confirmCancel: true }
          : {}),
        ...(cancelling ? { cancelledNow: true } : {}),
      },
      200,
    );
  }

  // Before the JSON route: a form post is answered here, anything else goes on to it.
  app.post('/editions/:year{[0-9]{4}}/registrations', (c, next) =>
    isFormPost(c) ? limited(register)(c) : next(),
  );
  app.post('/:year{[0-9]{4}}/manage', limited(manage));
}

const newFormKey = () => randomBytes(18).toString('base64url');

function formView(
  edition: FormEdition,
  values: RegistrationFormValues,
  formKey: string,
  problem: Problem,
): RegistrationFormView {
  const errors = (problem.errors ?? []).map(({ name, detail }) => ({ name, detail }));
  return {
    kind: 'form',
    edition,
    values,
    errors,
    // Field errors speak for themselves beside their fields; anything else above the form.
    ...(errors.length > 0 ? {} : { problem: { title: problem.title, detail: problem.detail } }),
    formKey,
  };
}
