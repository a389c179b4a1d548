import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInCode } from '#shared/registration/check-in-code.ts';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';
import {
  attachmentText,
  deleteEmails,
  listEmails,
  type MailDevEmail,
  waitForEmails,
} from '../../support/mail/maildev.ts';
import { person, type Registrant } from '../../support/registration-app.ts';

/**
 * The walk-through on the local server with MailDev, by the clock of 15 May 2020: the
 * 2020 edition's capacity + 5 register at once, one cancels, organizers announce, the reminder
 * comes due. Every message is read back from MailDev's REST API.
 */

const SECRETS = { emailHashKey: 'attendee-mail-test' };
const CAPACITY = 100;

let stack: LocalStack;
let webUrl: string;
const created: { someone: Registrant; body: Record<string, any> }[] = [];

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

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const organizer = () =>
  organizerToken(stack, { subject: 'chair' }).then((token) => ({
    authorization: `Bearer ${token}`,
  }));

const to = (email: MailDevEmail) => email.to[0]?.address;
const settled = async (count: number) => {
  await stack.mail?.dispatcher.idle();
  return waitForEmails(webUrl, count, 10_000);
};

describe('attendee mail on the local server', () => {
  it('confirms the capacity with the agenda attached and tells 5 waiting people their exact positions', async () => {
    const people = Array.from({ length: CAPACITY + 5 }, () =>
      person({ audience: 'software-developers' }),
    );
    const answers = await Promise.all(
      people.map(async (someone) => {
        const response = await post('/editions/2020/registrations', someone);
        expect(response.status).toBe(201);
        return { someone, body: (await response.json()) as Record<string, any> };
      }),
    );
    created.push(...answers);
    const emails = await settled(CAPACITY + 5);
    expect(emails).toHaveLength(CAPACITY + 5);

    const byAddress = new Map(emails.map((email) => [to(email), email]));
    expect(byAddress.size).toBe(CAPACITY + 5);
    const confirmed = answers.filter(({ body }) => body.status === 'confirmed');
    const waiting = answers.filter(({ body }) => body.status === 'waitlisted');
    expect(confirmed).toHaveLength(CAPACITY);
    expect(waiting.map(({ body }) => body.waitlistPosition).sort()).toEqual([1, 2, 3, 4, 5]);

    for (const { someone, body } of confirmed) {
      const email = byAddress.get(someone.email) as MailDevEmail;
      expect(email.subject).toBe(
        'Your seat is confirmed: 6th Annual High Performance Containers Workshop, 25 June 2020',
      );
      expect(email.text).toContain(`Hello ${someone.name},`);
      expect(email.text).toContain(body.manageUrl);
      expect(email.text).toContain(
        `Your check-in code: ${checkInCode(SECRETS.emailHashKey, body.id)}`,
      );
      expect(email.attachments.map((attachment) => attachment.contentType)).toEqual([
        expect.stringContaining('text/calendar'),
      ]);
    }
    for (const { someone, body } of waiting) {
      const email = byAddress.get(someone.email) as MailDevEmail;
      expect(email.subject).toContain(
        `You are number ${body.waitlistPosition} on the waiting list`,
      );
      expect(email.text).toContain(body.manageUrl);
    }

    // The attachment is the agenda: the same UIDs as agenda.ics, published.
    const sample = byAddress.get(confirmed[0]?.someone.email) as MailDevEmail;
    const attached = await attachmentText(webUrl, sample, sample.attachments[0] as never);
    expect(attached).toContain('METHOD:PUBLISH');
    const feed = await (await fetch(`${stack.url}/editions/2020/agenda.ics`)).text();
    const uids = (calendar: string) =>
      Object.values(ical.sync.parseICS(calendar))
        .filter((entry): entry is VEvent => entry?.type === 'VEVENT')
        .map((event) => event.uid)
        .sort();
    expect(uids(attached)).toEqual(uids(feed));
  });

  it('acknowledges a cancellation and tells the first waiting person they have a seat now', async () => {
    await deleteEmails(webUrl);
    const leaving = created.find(({ body }) => body.status === 'confirmed');
    const first = created.find(({ body }) => body.waitlistPosition === 1);
    if (!leaving || !first) throw new Error('the registrations of the first test are missing');
    const response = await fetch(`${stack.url}/editions/2020/registrations/${leaving.body.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${leaving.body.manageToken}` },
    });
    expect(response.status).toBe(200);
    const emails = await settled(2);
    expect(emails).toHaveLength(2);
    const cancelled = emails.find((email) => to(email) === leaving.someone.email);
    const promoted = emails.find((email) => to(email) === first.someone.email);
    expect(cancelled?.subject).toContain('Your registration is cancelled');
    expect(cancelled?.text).toContain('erased');
    expect(promoted?.subject).toContain('You have a seat now');
    expect(promoted?.text).toContain(first.body.manageUrl);
    expect(promoted?.attachments).toHaveLength(1);
  });

  it('sends an announcement to every confirmed person once, and records it', async () => {
    await deleteEmails(webUrl);
    const headers = await organizer();
    const response = await post(
      '/admin/editions/2020/announcements',
      { subject: 'Room change', text: 'We moved to Hall <B>.\nSee you there.' },
      headers,
    );
    expect(response.status).toBe(202);
    const announcement = (await response.json()) as Record<string, any>;
    // The copies are queued by the mail side: the count is known once they are.
    expect(announcement).toMatchObject({ recipients: null, audience: 'confirmed' });
    const emails = await settled(CAPACITY);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await listEmails(webUrl);
    expect(again).toHaveLength(CAPACITY);
    expect(new Set(emails.map(to)).size).toBe(CAPACITY);
    expect(emails[0]?.subject).toContain('Room change');
    expect(emails[0]?.html).toContain('Hall &lt;B&gt;.');

    const audit = (await (
      await fetch(`${stack.url}/admin/editions/2020/audit`, { headers })
    ).json()) as { items: Record<string, string>[] };
    expect(audit.items[0]).toMatchObject({
      action: 'announcement.sent',
      who: 'chair',
      target: announcement.id,
      summary: '"Room change" to the confirmed registrants',
    });
    const listed = (await (
      await fetch(`${stack.url}/admin/editions/2020/announcements`, { headers })
    ).json()) as { items: Record<string, unknown>[] };
    expect(listed.items[0]).toMatchObject({ id: announcement.id, recipients: CAPACITY });
    const one = await fetch(`${stack.url}${response.headers.get('location')}`, { headers });
    expect(await one.json()).toMatchObject({ id: announcement.id, recipients: CAPACITY });
  });

  it('sends the reminder once, when the clock passes its time (24 h before the first day)', async () => {
    await deleteEmails(webUrl);
    const queue = () => stack.mail?.queueDueReminders() ?? Promise.resolve(-1);
    stack.setNow(new Date('2020-06-24T08:30:00+02:00'));
    expect(await queue()).toBe(0);
    stack.setNow(new Date('2020-06-24T09:00:00+02:00'));
    expect(await queue()).toBe(CAPACITY);
    expect(await queue()).toBe(0);
    const emails = await settled(CAPACITY);
    expect(emails).toHaveLength(CAPACITY);
    expect(new Set(emails.map(to)).size).toBe(CAPACITY);
    expect(emails[0]?.subject).toMatch(/^Coming up: /);
  });
});
