import { describe, expect, it } from 'vitest';
import {
  AlreadyRegisteredError,
  NotFoundError,
  RegistrationClosedError,
  RegistrationNotOpenError,
  TemporarilyUnavailableError,
  WaitlistFullError,
} from '#shared/errors.ts';
import { type Refused, refusalError, refusalOf } from '#shared/registration/outcome.ts';

describe('a refused registration', () => {
  it.each([
    [new AlreadyRegisteredError('taken'), 'already-registered'],
    [new WaitlistFullError('full'), 'waitlist-full'],
    [new RegistrationNotOpenError('opens later'), 'not-open'],
    [new RegistrationClosedError('closed at'), 'closed'],
  ] as const)('is what %s means, and gives the same error back', (error, reason) => {
    const refused = refusalOf(error);
    expect(refused).toEqual({ kind: 'refused', reason, detail: error.message });
    const again = refusalError(refused as Refused);
    expect(again).toBeInstanceOf(error.constructor);
    expect(again.message).toBe(error.message);
  });

  it('is no outcome of an error a replay must not repeat', () => {
    for (const error of [
      new NotFoundError('no edition'),
      new TemporarilyUnavailableError('busy'),
      new Error('bug'),
      'not an error',
    ]) {
      expect(refusalOf(error)).toBeUndefined();
    }
  });
});
