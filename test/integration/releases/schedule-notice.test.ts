import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS_DIR } from '#editions/load.ts';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import {
  attachmentText,
  deleteEmails,
  listEmails,
  type MailDevEmail,
} from '../../support/mail/maildev.ts';
import { person, type Registrant } from '../../support/registration-app.ts';

/**
 * People are told when their workshop changes, locally as `npm start` runs it: the 2020 proposal
 * (two seats here, so that people wait) takes four registrations, one cancels; the online history
 * file released over it with `npm run edition -- release` mails each of the three confirmed and
 * waiting registrants one summary, with the agenda attached again (same UIDs, higher SEQUENCE),
 * the cancelled person nothing. A release with --no-notify mails nobody. Counted in MailDev.
 */

const HISTORY_FILE = join(EDITIONS_DIR, 'history', 'hpcw-2020-online.yaml');
const TWO_SEATS = (text: string) => text.replace(/^ {2}capacity: 100$/m, '  capacity: 2');

const scratch = mkdtempSync(join(tmpdir(), 'workshop-notice-'));
const editionsDir = join(scratch, 'editions');
let stack: LocalStack;

beforeAll(async () => {
  mkdirSync(editionsDir);
  const proposal = TWO_SEATS(readFileSync(join(EDITIONS_DIR, 'hpcw-2020.yaml'), 'utf8'));
  expect(proposal).toContain('capacity: 2\n');
  writeFileSync(join(editionsDir, 'hpcw-2020.yaml'), proposal);
  writeFileSync(join(scratch, 'online.yaml'), TWO_SEATS(readFileSync(HISTORY_FILE, 'utf8')));
  stack = await startLocalStack({
    port: 0,
    editionsDir,
    // Spring 2020: the 2020 edition takes registrations.
    now: new Date('2020-04-01T10:00:00+02:00'),
    mail: true,
  });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const mail = () => {
  if (!stack.mail) throw new Error('The stack runs with MailDev.');
  return stack.mail;
};

async function release(file: string, ...args: string[]) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['scripts/edition.ts', 'release', '2020', '--file', file, '--url', stack.url, ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ORGANIZER_TOKEN: await organizerToken(stack) },
    },
  );
  // The copies are queued and sent in the background: wait until nothing is left to do.
  await mail().dispatcher.idle();
  return stdout;
}

async function register(someone: Registrant) {
  const response = await fetch(`${stack.url}/editions/2020/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...someone, audience: 'software-developers' }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; manageToken: string; status: string };
}

const events = (calendar: string) =>
  Object.values(ical.sync.parseICS(calendar)).filter(
    (component): component is VEvent => component?.type === 'VEVENT',
  );

async function calendarOf(email: MailDevEmail) {
  const attachment = email.attachments.find((one) => one.filename.endsWith('.ics'));
  if (!attachment) throw new Error(`"${email.subject}" has no calendar attached.`);
  return events(await attachmentText(mail().webUrl, email, attachment));
}

const perRecipient = (emails: MailDevEmail[]) => {
  const counts = new Map<string, number>();
  for (const email of emails) {
    const to = email.to[0]?.address ?? '';
    counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
};

describe('a release that moves the workshop', () => {
  const people = [person(), person(), person(), person()];
  const [first, second, waiting, leaving] = people as [
    Registrant,
    Registrant,
    Registrant,
    Registrant,
  ];

  it('mails the confirmed and the waiting one summary each, the cancelled nothing', async () => {
    const registered = [];
    for (const someone of people) registered.push(await register(someone));
    expect(registered.map((one) => one.status)).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
    ]);
    const gone = registered[3] as (typeof registered)[number];
    const cancelled = await fetch(`${stack.url}/editions/2020/registrations/${gone.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${gone.manageToken}` },
    });
    expect(cancelled.status).toBe(200);
    await mail().dispatcher.idle();
    // The calendar the first confirmed person was given with their seat.
    const confirmation = (await listEmails(mail().webUrl)).find(
      (email) => email.to[0]?.address === first.email && email.subject.includes('confirmed'),
    );
    if (!confirmation) throw new Error('The confirmation was sent.');
    const given = await calendarOf(confirmation);
    await deleteEmails(mail().webUrl);

    const stdout = await release(join(scratch, 'online.yaml'), '--name', 'online');
    expect(stdout).toContain('released as 2020 release 2 ("online")');
    expect(stdout).toContain('What it moved is mailed to 3 registrant(s), confirmed and waiting.');

    const emails = await listEmails(mail().webUrl);
    // One message each, the join link folded into it: not a second one for the new link.
    expect(perRecipient(emails)).toEqual(
      new Map([first, second, waiting].map((someone) => [someone.email, 1])),
    );
    expect(emails.map((email) => email.to[0]?.address)).not.toContain(leaving.email);
    for (const email of emails) {
      expect(email.subject).toMatch(/^Now online, 16\s–\s18 June 2020: /);
      expect(email.text).toMatch(/Now: 16\s–\s18 June 2020, online \(HPCW 2020 live stream\)/);
      expect(email.text).toContain(
        'Container Runtime Overview: Tuesday, 16 June 2020, 17:05–17:15 CEST (was Thursday, 25 June 2020',
      );
    }
    // The link to join: to the confirmed only.
    const textOf = (someone: Registrant) =>
      emails.find((email) => email.to[0]?.address === someone.email)?.text ?? '';
    expect(textOf(first)).toContain('https://stream.invalid/hpcw2020');
    expect(textOf(waiting)).not.toContain('stream.invalid');

    // The attached calendar updates the one given before: the same UIDs, a higher SEQUENCE.
    const updated = await calendarOf(
      emails.find((email) => email.to[0]?.address === first.email) as MailDevEmail,
    );
    const uids = (list: VEvent[]) => new Set(list.map((event) => event.uid));
    const kept = [...uids(given)].filter((uid) => uids(updated).has(uid));
    expect(kept.length).toBeGreaterThan(10);
    const sequence = (list: VEvent[], uid: string) =>
      Number(list.find((event) => event.uid === uid)?.sequence);
    for (const uid of kept) expect(sequence(updated, uid)).toBeGreaterThan(sequence(given, uid));
    const moved = updated.find((event) => event.summary === 'Container Runtime Overview');
    expect(moved?.start.toISOString()).toBe('2020-06-16T15:05:00.000Z');

    // Written with the release, expanded once: one fan-out, settled, three copies.
    const outbox = await partitionItems(
      { client: stack.client, tableName: 'workshop-local' },
      'MAIL#2020',
    );
    const fanOut = outbox.find((item) => item.sk === 'fanout_schedule_2');
    expect(fanOut).toMatchObject({ state: 'sent', queued: 3 });
    expect(outbox.filter((item) => String(item.sk).startsWith('mail_schedule_2_'))).toHaveLength(3);
    expect(outbox.filter((item) => item.kind === 'join-link-changed')).toHaveLength(0);
  });

  it('mails nobody for a release with --no-notify, and tells a later one that moves a talk', async () => {
    await deleteEmails(mail().webUrl);
    // The first day's first panel starts 5 minutes later; nothing else changes (the URL neither).
    const later = join(scratch, 'later.yaml');
    const online = readFileSync(join(scratch, 'online.yaml'), 'utf8');
    const shifted = online.replace(
      'at: "17:45",\n          duration: 45min,',
      'at: "17:50",\n          duration: 40min,',
    );
    expect(shifted).not.toBe(online);
    writeFileSync(later, shifted);
    const quiet = await release(later, '--name', 'quiet', '--no-notify');
    expect(quiet).toContain('release 3 ("quiet")');
    expect(quiet).not.toContain('is mailed to');
    expect(await listEmails(mail().webUrl)).toEqual([]);

    // Back to 17:45, told this time: one message each, about that panel only.
    const told = await release(join(scratch, 'online.yaml'), '--name', 'told');
    expect(told).toContain('What it moved is mailed to 3 registrant(s)');
    const emails = await listEmails(mail().webUrl);
    expect(perRecipient(emails)).toEqual(
      new Map([first, second, waiting].map((someone) => [someone.email, 1])),
    );
    for (const email of emails) {
      expect(email.subject).toMatch(/^The programme has changed: /);
      expect(email.text).toContain(
        '- Live Panel / Q&A: Tuesday, 16 June 2020, 17:45–18:30 CEST (was Tuesday, 16 June 2020, 17:50–18:30 CEST)',
      );
      expect(email.text?.match(/\(was /g)).toHaveLength(1);
    }
  });
});
