import { describe, expect, it } from 'vitest';
import { registrationReply } from '#functions/registrations/replies.ts';

/** The one mapping of a registration's outcome to an answer, for the JSON route and the form. */

const manage = { token: 'tok', url: 'http://localhost/2030/manage#id=01A&token=tok' };
const INSTANCE = '/editions/2030/registrations';

describe('a registration outcome as an answer', () => {
  it('is a 201 with its Location and the manage link when confirmed', () => {
    expect(
      registrationReply(
        2030,
        { kind: 'confirmed', registrationId: '01A', manage, replayed: false },
        INSTANCE,
      ),
    ).toEqual({
      status: 201,
      location: '/editions/2030/registrations/01A',
      body: { id: '01A', status: 'confirmed', manageToken: 'tok', manageUrl: manage.url },
      replayed: false,
    });
  });

  it('says the position when waitlisted, and whether it is a replay', () => {
    const reply = registrationReply(
      2030,
      { kind: 'waitlisted', registrationId: '01B', waitlistPosition: 3, manage, replayed: true },
      INSTANCE,
    );
    expect(reply).toMatchObject({
      status: 201,
      body: { id: '01B', status: 'waitlisted', waitlistPosition: 3 },
      replayed: true,
    });
  });

  it.each([
    ['already-registered', 409],
    ['waitlist-full', 409],
    ['not-open', 403],
    ['closed', 403],
  ] as const)('is the problem of its domain error when refused as %s', (reason, status) => {
    const reply = registrationReply(
      2030,
      { kind: 'refused', reason, detail: 'Why.', replayed: false },
      INSTANCE,
    );
    expect(reply).toEqual({
      status,
      problem: expect.objectContaining({ status, detail: 'Why.', instance: INSTANCE }),
    });
    expect(reply).not.toHaveProperty('body');
  });
});
