import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createHttpApp } from '#functions/http/app.ts';
import { bearerToken } from '#functions/http/auth.ts';
import { problemResponse } from '#functions/http/problem.ts';
import {
  editionPath,
  idempotencyKeyOf,
  parseRequestPart,
  pathOnly,
  readJsonBody,
} from '#functions/http/validate.ts';
import { NotFoundError, PayloadTooLargeError } from '#shared/errors.ts';
import { registrationRequestSchema } from '#shared/registration/request.ts';
import { mountRegistrationForms, type RegistrationForms } from './forms.ts';
import { checkInQrSvg } from './qr.ts';
import { registrationReply } from './replies.ts';
import { MAX_BODY_BYTES, registrationPath } from './schemas.ts';
import type { RegistrationService } from './service.ts';

/** Self-service registration routes. Every answer here is personal: never cached. */

export function createRegistrationApp({
  service,
  forms,
}: {
  service: RegistrationService;
  /** The pages that answer form posts (forms.ts); without them a form post is a 415. */
  forms?: RegistrationForms;
}) {
  const app = createHttpApp();
  if (forms) mountRegistrationForms(app, service, forms);
  const personal = (c: Context, body: unknown, status: 200 | 201 = 200) => {
    c.header('cache-control', 'no-store');
    return c.json(body, status);
  };

  app.post(
    '/editions/:year/registrations',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PayloadTooLargeError(`A registration is at most ${MAX_BODY_BYTES} bytes.`);
      },
    }),
    async (c) => {
      const { year } = pathOnly(c, editionPath);
      const key = idempotencyKeyOf(c);
      const request = parseRequestPart(registrationRequestSchema, await readJsonBody(c), 'body');
      const outcome = await service.register(year, request, {
        ...(key === undefined ? {} : { idempotencyKey: key }),
      });
      const reply = registrationReply(year, outcome, c.req.path);
      if ('problem' in reply) return problemResponse(c, reply.problem);
      c.header('location', reply.location);
      return personal(c, reply.body, reply.status);
    },
  );

  app.get('/editions/:year/registrations/:id', async (c) => {
    const { year, id } = pathOnly(c, registrationPath);
    return personal(c, await service.get(year, id, bearerToken(c)));
  });

  // The check-in code as a QR code, for the manage page (and anyone who prints it).
  app.get('/editions/:year/registrations/:id/check-in.svg', async (c) => {
    const { year, id } = pathOnly(c, registrationPath);
    const own = await service.get(year, id, bearerToken(c));
    if (!own.checkInCode) {
      throw new NotFoundError('Only a confirmed registration has a check-in code.');
    }
    c.header('cache-control', 'no-store');
    return c.body(await checkInQrSvg(own.checkInCode), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
    });
  });

  app.delete('/editions/:year/registrations/:id', async (c) => {
    const { year, id } = pathOnly(c, registrationPath);
    return personal(c, await service.cancel(year, id, bearerToken(c)));
  });

  return app;
}
