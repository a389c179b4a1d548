import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { CheckIns } from '#functions/data/registrations/check-ins.ts';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { isoWithMillis } from '#functions/http/openapi.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath } from '#functions/http/validate.ts';
import type { EditionDetails } from '#shared/edition/published.ts';
import {
  CheckInClosedError,
  ConflictError,
  NotFoundError,
  TooManyRequestsError,
} from '#shared/errors.ts';
import { attendanceOf } from '#shared/registration/attendance.ts';
import { registrationIdOfCode } from '#shared/registration/check-in-code.ts';
import {
  type CheckInWindow,
  checkInTiming,
  checkInWindows,
  clockTimeIn,
  closedDetail,
  DEFAULT_OPENS_BEFORE_MINUTES,
} from '#shared/registration/check-in-window.ts';
import { organizerRoute } from './openapi/organizer-route.ts';
import { checkInBody } from './schemas.ts';

/**
 * The door: check-ins, inside each day's window only, and attendance. The check-in's answer says
 * whom the door admitted (name, confirmed, the time in the edition's zone): it is personal and
 * only ever in this organizer answer, never in a log or a problem.
 */

const NO_SUCH_CODE = 'No confirmed registration has this code.';

/** Each route declared once: served below with these schemas, documented by /openapi.json. */
export const checkInRoutes = {
  checkIn: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/check-ins',
    params: editionPath,
    body: checkInBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Check a confirmed person in at the door by their code (once; a repeat answers 200)',
      description:
        'The code is the one on the registrant’s manage page and confirmation email (also as a QR code). Send a new scanId with each scan and the same one with its retries: a retry of a scan whose check-in was written though its answer was lost answers 201 with the first time; another scan of a checked-in person answers 200 with repeat: true. The answer names whom the door admitted (personal: only in this answer, never logged). Codes are taken from `checkIn.opensBefore` (edition file, default 2 h) before each day’s first session to that day’s end; outside, a 409 `/problems/check-in-closed` names the next window (or the last) in `window`, its times in the edition’s zone. A waiting person is a 409 `/problems/conflict`. Attempts are rate-limited per organizer.',
      example: { code: 'AB12-CD34-EF56-GH78-JK90-MN12-PQ', scanId: 'scan-01J2Z3K4M5N6P7Q8' },
      success: {
        status: 201,
        description: 'Checked in now (201), or earlier (200, with the first time and repeat: true)',
        schema: z.object({
          registrationId: z.string(),
          checkedInAt: isoWithMillis,
          repeat: z.boolean(),
          name: z.nullable(z.string()).register(z.globalRegistry, {
            description: 'Whom the door admitted, to say their name (null if none is kept)',
          }),
          status: z.enum(['confirmed']),
          localTime: z.string().register(z.globalRegistry, {
            description:
              'checkedInAt as HH:MM in the edition’s time zone ("already checked in at 09:12")',
          }),
          timeZone: z.string().register(z.globalRegistry, {
            description: 'The edition’s time zone (IANA)',
          }),
        }),
      },
      problems: [401, 403, 404, 409, 429],
    },
  }),
  attendance: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/attendance',
    params: editionPath,
    docs: WITH_ROUTE_DOCS && {
      summary:
        'Who came: checked in, confirmed, not yet arrived or no-shows, arrivals per 15 minutes',
      description:
        'Until the last day has ended, confirmed people not checked in are `notYetArrived` (and `noShows` is 0); from then on (`over`) they are `noShows`.',
      success: {
        status: 200,
        description: 'Attendance',
        schema: z.object({
          confirmed: z.int(),
          checkedIn: z.int(),
          over: z.boolean(),
          notYetArrived: z.int(),
          noShows: z.int(),
          arrivals: z.array(z.object({ from: isoWithMillis, to: isoWithMillis, count: z.int() })),
        }),
      },
      problems: [401, 403, 404],
    },
  }),
};

export interface CheckInRouteDependencies {
  editions: EditionStore;
  registrations: RegistrationStore;
  checkIns: CheckIns;
  /** The key check-in codes are made with (shared/registration/check-in-code.ts). */
  checkInKey: string;
  clock: () => Date;
}

/** The edition's door windows, one per day, in its own zone. */
function doorWindows(details: EditionDetails): CheckInWindow[] {
  const opensBefore = details.checkIn?.opensBefore ?? DEFAULT_OPENS_BEFORE_MINUTES;
  return checkInWindows(details.days, opensBefore, details.timezone);
}

export function registerCheckInRoutes(
  app: Hono,
  { editions, registrations, checkIns, checkInKey, clock }: CheckInRouteDependencies,
) {
  // A door scanner reads a few codes a second; guessing needs far more.
  const checkInAttempts = rateLimiter({ burst: 120, perSecond: 20 });
  const editionOf = async (year: number) => {
    const details = await editions.getEdition(year);
    if (!details) throw new NotFoundError(`There is no edition ${year}.`);
    return details;
  };

  serve(app, checkInRoutes.checkIn, async (c, { params: { year }, body }) => {
    checkInAttempts(c.get('organizerId'));
    const { code, scanId } = await body();
    // A code that decodes to nothing (a guess, a typo) is a 404 without reading anything.
    const registrationId = registrationIdOfCode(checkInKey, code);
    if (!registrationId) throw new NotFoundError(NO_SUCH_CODE);
    const details = await editionOf(year);
    const now = clock();
    const timing = checkInTiming(doorWindows(details), now);
    if (!timing.open) {
      const opensBefore = details.checkIn?.opensBefore ?? DEFAULT_OPENS_BEFORE_MINUTES;
      throw new CheckInClosedError(closedDetail(timing, opensBefore, details.timezone), {
        ...timing.window,
        timeZone: details.timezone,
      });
    }
    // Without a scanId, one of this request: its own retries of the write still count as one scan.
    const outcome = await checkIns.checkIn(year, registrationId, now, scanId ?? randomUUID());
    switch (outcome.result) {
      case 'checked-in':
      case 'already': {
        const repeat = outcome.result === 'already';
        return c.json(
          {
            registrationId,
            checkedInAt: outcome.checkedInAt,
            repeat,
            name: outcome.name,
            status: 'confirmed',
            localTime: clockTimeIn(outcome.checkedInAt, details.timezone),
            timeZone: details.timezone,
          },
          repeat ? 200 : 201,
        );
      }
      case 'waitlisted':
        throw new ConflictError('This registration is on the waiting list, not confirmed.');
      case 'unknown':
        throw new NotFoundError(NO_SUCH_CODE);
    }
  });

  serve(app, checkInRoutes.attendance, async (c, { params: { year } }) => {
    const details = await editionOf(year);
    return c.json(
      attendanceOf(await registrations.allRegistrations(year), {
        endsAt: details.endsAt,
        now: clock(),
      }),
    );
  });
}

/**
 * A token bucket per key, in this process: `burst` at once, then `perSecond`. Where it guards a
 * secret to be guessed (check-in codes), it slows guessing down; in AWS, API Gateway's route
 * throttle bounds all processes together.
 */
function rateLimiter({
  burst,
  perSecond,
  clock = Date.now,
}: {
  burst: number;
  perSecond: number;
  clock?: () => number;
}) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return function take(key: string): void {
    const now = clock();
    const bucket = buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      buckets.set(key, bucket);
      const wait = Math.ceil((1 - bucket.tokens) / perSecond);
      throw new TooManyRequestsError('Too many attempts: wait a moment and try again.', wait);
    }
    bucket.tokens -= 1;
    buckets.set(key, bucket);
  };
}
