import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_ORGANIZERS_MAIL,
  type LocalStack,
  startLocalStack,
} from '../../../scripts/lib/local-stack.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';
import {
  deleteEmails,
  listEmails,
  type MailDevEmail,
  waitForEmails,
} from '../../support/mail/maildev.ts';
import { person } from '../../support/registration-app.ts';

/**
 * A stolen organizer token, bounded: taking the registrations out (the CSV export) or opening a
 * standing way out (a new webhook) is audited and told to the organizers' list, on the local
 * server through MailDev. The notice names the organizer and counts; no registrant is in it.
 */

const SECRETS = { emailHashKey: 'organizer-notices-test' };

let stack: LocalStack;
let webUrl: string;
const registrants = [
  person({ audience: 'other', name: 'Grace Notice', email: 'grace.notice@example.org' }),
  person({ audience: 'other', name: 'Alan Notice', email: 'alan.notice@example.org' }),
  person({ audience: 'other', name: 'Edsger Notice', email: 'edsger.notice@example.org' }),
];

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    now: new Date('2020-05-15T10:00:00+02:00'),
    secrets: SECRETS,
    mail: true,
  });
  webUrl = stack.mail?.webUrl ?? '';
  for (const registrant of registrants) {
    const response = await fetch(`${stack.url}/editions/2020/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registrant),
    });
    expect(response.status).toBe(201);
  }
  await stack.mail?.dispatcher.idle();
  await waitForEmails(webUrl, registrants.length, 10_000);
  await deleteEmails(webUrl);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

const organizer = async () => ({
  authorization: `Bearer ${await organizerToken(stack, { subject: 'chair-7' })}`,
});

async function notices(count: number): Promise<MailDevEmail[]> {
  await stack.mail?.dispatcher.idle();
  const emails = await waitForEmails(webUrl, count, 10_000);
  await deleteEmails(webUrl);
  return emails;
}

function expectNoRegistrant(email: MailDevEmail) {
  const whole = JSON.stringify([email.subject, email.text, email.html]);
  for (const registrant of registrants) {
    expect(whole).not.toContain(registrant.name);
    expect(whole).not.toContain(registrant.email);
  }
}

async function latestAudit() {
  const response = await fetch(`${stack.url}/admin/editions/2020/audit?limit=1`, {
    headers: await organizer(),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Record<string, string>[] }).items[0];
}

describe('organizer notices on the local server', () => {
  it('audits a registrations export and mails who exported how many to the organizers list, naming no registrant', async () => {
    const exported = await fetch(`${stack.url}/admin/editions/2020/registrations.csv`, {
      headers: await organizer(),
    });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain('grace.notice@example.org');

    expect(await latestAudit()).toMatchObject({
      who: 'chair-7',
      action: 'registrations.exported',
      target: 'registrations-2020.csv',
      summary: '3 registrations of 2020 exported as CSV',
    });
    const [email, ...others] = await notices(1);
    expect(others).toEqual([]);
    expect(email?.to.map((to) => to.address)).toEqual(LOCAL_ORGANIZERS_MAIL);
    expect(email?.subject).toMatch(/^Registrations exported/);
    expect(email?.text).toContain('3 registrations of 2020 exported as CSV');
    expect(email?.text).toContain('chair-7');
    expectNoRegistrant(email as MailDevEmail);
  });

  it('audits a new webhook and mails where it sends what, without its secret or query string', async () => {
    const created = await fetch(`${stack.url}/admin/editions/2020/webhooks`, {
      method: 'POST',
      headers: { ...(await organizer()), 'content-type': 'application/json' },
      body: JSON.stringify({
        url: 'https://receiver.example.org/hooks?token=receiver-token',
        events: ['registration.confirmed'],
      }),
    });
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as { id: string; secret: string };

    expect(await latestAudit()).toMatchObject({
      who: 'chair-7',
      action: 'webhook.created',
      target: webhook.id,
    });
    const [email] = await notices(1);
    expect(email?.to.map((to) => to.address)).toEqual(LOCAL_ORGANIZERS_MAIL);
    expect(email?.subject).toMatch(/^New webhook/);
    expect(email?.text).toContain('https://receiver.example.org');
    expect(email?.text).toContain('registration.confirmed');
    expect(email?.text).toContain('chair-7');
    expect(email?.text).not.toContain(webhook.secret);
    expect(email?.text).not.toContain('receiver-token');
    expectNoRegistrant(email as MailDevEmail);
  });

  it('mails nothing for a plain read of the list', async () => {
    const listed = await fetch(`${stack.url}/admin/editions/2020/registrations`, {
      headers: await organizer(),
    });
    expect(listed.status).toBe(200);
    await stack.mail?.dispatcher.idle();
    expect(await listEmails(webUrl)).toEqual([]);
  });
});
