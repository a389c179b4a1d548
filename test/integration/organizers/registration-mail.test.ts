import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';
import { type MailDevEmail, waitForEmails } from '../../support/mail/maildev.ts';
import { person } from '../../support/registration-app.ts';

/**
 * The organizers' registration changes on the local server with MailDev, by the clock of 15 May
 * 2020: the capacity lowered to one seat, a spam registration cancelled without telling it, its
 * seat going to the waiting person (who is told), someone added by hand, a seat more for them.
 * Every message is read back from MailDev's REST API.
 */

const SECRETS = { emailHashKey: 'organizer-mail-test' };

let stack: LocalStack;
let webUrl: string;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    now: new Date('2020-05-15T10:00:00+02:00'),
    secrets: SECRETS,
    mail: true,
  });
  webUrl = stack.mail?.webUrl ?? '';
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function call(method: string, path: string, body?: unknown, asOrganizer = true) {
  const token = await organizerToken(stack, { subject: 'chair' });
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      ...(asOrganizer ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const subjectsTo = (emails: MailDevEmail[], address: string) =>
  emails
    .filter((email) => email.to[0]?.address === address)
    .map((email) => email.subject.split(':')[0]);

describe('organizer changes on the local server', () => {
  it('mail whom self-service would, except those the organizer chose not to tell', async () => {
    expect((await call('PUT', '/admin/editions/2020/capacity', { seats: 1 })).status).toBe(200);
    const spam = person({ audience: 'software-developers' });
    const waiting = person({ audience: 'software-developers' });
    const spamId = (await call('POST', '/editions/2020/registrations', spam, false)).body.id;
    const waitingId = (await call('POST', '/editions/2020/registrations', waiting, false)).body.id;

    const cancelled = await call('POST', `/admin/editions/2020/registrations/${spamId}/cancel`, {
      reason: 'spam',
      notify: false,
    });
    expect(cancelled.status).toBe(200);
    const { consent: _consent, ...added } = person({ audience: 'software-developers' });
    const addedAnswer = await call('POST', '/admin/editions/2020/registrations', added);
    expect(addedAnswer.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const raised = await call('PUT', '/admin/editions/2020/capacity', { seats: 2 });
    expect(raised.body).toMatchObject({ capacity: 2, confirmed: 2, waitlisted: 0, promoted: 1 });
    expect((await call('GET', `/admin/editions/2020/registrations/${waitingId}`)).body.status).toBe(
      'confirmed',
    );

    await stack.mail?.dispatcher.idle();
    const emails = await waitForEmails(webUrl, 5, 10_000);
    expect(subjectsTo(emails, spam.email)).toEqual(['Your seat is confirmed']);
    expect(subjectsTo(emails, waiting.email)).toEqual([
      'You are number 1 on the waiting list',
      'You have a seat now',
    ]);
    expect(subjectsTo(emails, added.email)).toEqual([
      'You are number 1 on the waiting list',
      'You have a seat now',
    ]);
    expect(emails).toHaveLength(5);
  }, 60_000);
});
