import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { CheckIns } from '#functions/data/check-ins.ts';
import type { EditionStore } from '#functions/data/edition-store.ts';
import type { RegistrationStore } from '#functions/data/registration-store.ts';
import { rateLimiter } from '#functions/http/rate-limit.ts';
import { editionPath, parseRequestPart, pathOnly, readJsonBody } from '#functions/http/validate.ts';
import type { EditionDetails } from '#shared/edition/published.ts';
import { CheckInClosedError, ConflictError, NotFoundError } from '#shared/errors.ts';
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
import { checkInBody } from './schemas.ts';

/**
 * The door: check-ins, inside each day's window only, and attendance. The check-in's answer says
 * whom the door admitted (name, confirmed, the time in the edition's zone): it is personal and
 * only ever in this organizer answer, never in a log or a problem.
 */

const NO_SUCH_CODE = 'No confirmed registration has this code.';

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

  app.post('/admin/editions/:year/check-ins', async (c) => {
    const { year } = pathOnly(c, editionPath);
    checkInAttempts(c.get('organizerId'));
    const { code, scanId } = parseRequestPart(checkInBody, await readJsonBody(c), 'body');
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

  app.get('/admin/editions/:year/attendance', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const details = await editionOf(year);
    return c.json(
      attendanceOf(await registrations.allRegistrations(year), {
        endsAt: details.endsAt,
        now: clock(),
      }),
    );
  });
}
