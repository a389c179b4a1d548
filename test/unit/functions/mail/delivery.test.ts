import { beforeEach, describe, expect, it } from 'vitest';
import type { MailRecord } from '#functions/data/mail/mail-outbox.ts';
import type { RegistrationRecord } from '#functions/data/registrations/registration-store.ts';
import {
  deliverMail,
  MAIL_RETRY,
  type MailDeliveryDependencies,
  retryDelayMs,
} from '#functions/mail/delivery.ts';
import type { MailMessage, MailSender, SendOutcome } from '#functions/mail/transport/sender.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { type QueuedMail, queuedMail } from '#shared/mail/queued.ts';
import { manageToken } from '#shared/registration/manage-link.ts';
import { registrationEdition } from '../../../support/registration-app.ts';

/** One delivery attempt, over in-memory stores and a recording sender. */

const NOW = new Date('2030-05-01T12:00:00Z');
const REG_ID = '01hzy3k9q2c8v5m7n4p6r8t0w2';
const edition = publishEdition(registrationEdition());

function registration(fields: Partial<RegistrationRecord> = {}): RegistrationRecord {
  return {
    id: REG_ID,
    year: 2030,
    status: 'confirmed',
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    audience: 'developers',
    tokenHash: 'x',
    createdAt: NOW.toISOString(),
    history: [],
    expiresAt: 0,
    ...fields,
  };
}

let settled: { state: string; reason?: string; next?: string }[];
let undeliverable: { id: string; reason: string }[];
let now: Date;
let sent: MailMessage[];
let outcome: SendOutcome;
let stored: RegistrationRecord | undefined;
let claimed: MailRecord | undefined;

const sender: MailSender = {
  async send(message) {
    sent.push(message);
    return outcome;
  },
  close: () => undefined,
};

function dependencies(): MailDeliveryDependencies {
  return {
    outbox: {
      claim: async (): Promise<MailRecord | undefined> => claimed,
      markSent: async () => {
        settled.push({ state: 'sent' });
      },
      markFailed: async (_year: number, _id: string, _now: Date, reason: string) => {
        settled.push({ state: 'failed', reason });
      },
      markSkipped: async (_year: number, _id: string, _now: Date, reason: string) => {
        settled.push({ state: 'skipped', reason });
      },
      release: async (_year: number, _id: string, reason: string, next: Date) => {
        settled.push({ state: 'pending', reason, next: next.toISOString() });
      },
      markUndeliverable: async (_year: number, registrationId: string, reason: string) => {
        undeliverable.push({ id: registrationId, reason });
      },
    },
    registrations: {
      getRegistration: async () => stored,
      waitlistPosition: async () => 4,
    },
    editions: { getPublishedEdition: async () => edition },
    onlineAccess: { get: async () => undefined },
    announcements: { get: async () => undefined },
    sender,
    publicUrl: 'https://workshop.example',
    manageKey: 'secret-key',
    clock: () => now,
  };
}

const claim = (mail: QueuedMail, attempts = 1): MailRecord => ({
  ...mail,
  state: 'sending',
  attempts,
});

beforeEach(() => {
  settled = [];
  undeliverable = [];
  sent = [];
  outcome = { sent: true };
  stored = registration();
  claimed = undefined;
  now = NOW;
});

describe('deliverMail', () => {
  it('sends a confirmation to the registered address with the manage link, and marks it sent', async () => {
    const mail = queuedMail('confirmed', 2030, REG_ID, NOW);
    claimed = claim(mail);
    expect((await deliverMail(2030, mail.id, dependencies())).result).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.id).toBe(mail.id);
    expect(sent[0]?.to).toEqual({ name: 'Ada Lovelace', address: 'ada@example.org' });
    const token = manageToken('secret-key', 2030, REG_ID);
    expect(sent[0]?.content.text).toContain(
      `https://workshop.example/2030/manage#id=${REG_ID}&token=${token}`,
    );
    expect(sent[0]?.content.attachments?.[0]?.filename).toMatch(/\.ics$/);
    expect(settled).toEqual([{ state: 'sent' }]);
  });

  it('sends nothing when another sender has it', async () => {
    expect((await deliverMail(2030, 'mail_x', dependencies())).result).toBe('not-claimed');
    expect(sent).toEqual([]);
    expect(settled).toEqual([]);
  });

  it('skips a message whose registration was cancelled since, or a seat message to someone waiting', async () => {
    claimed = claim(queuedMail('confirmed', 2030, REG_ID, NOW));
    stored = registration({ status: 'cancelled', name: undefined, email: undefined });
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('skipped');
    stored = registration({ status: 'waitlisted' });
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('skipped');
    expect(sent).toEqual([]);
    expect(settled).toEqual([
      { state: 'skipped', reason: 'registration-cancelled' },
      { state: 'skipped', reason: 'not-confirmed' },
    ]);
  });

  it('tells a waiting person their position now, and skips them once promoted', async () => {
    claimed = claim(queuedMail('waitlisted', 2030, REG_ID, NOW));
    stored = registration({ status: 'waitlisted' });
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('sent');
    expect(sent[0]?.content.subject).toContain('number 4 on the waiting list');
    stored = registration({ status: 'confirmed' });
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('skipped');
  });

  it('writes a cancellation to the address it carries, without reading the erased registration', async () => {
    const to = { name: 'Ada Lovelace', email: 'ada@example.org' };
    claimed = claim(queuedMail('cancelled', 2030, REG_ID, NOW, { to }));
    stored = undefined;
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('sent');
    expect(sent[0]?.to.address).toBe('ada@example.org');
    expect(sent[0]?.content.subject).toContain('cancelled');
  });

  it('marks the address undeliverable on a permanent failure', async () => {
    claimed = claim(queuedMail('confirmed', 2030, REG_ID, NOW));
    outcome = { sent: false, failure: 'permanent', reason: 'SMTP 550' };
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('failed');
    expect(settled).toEqual([{ state: 'failed', reason: 'SMTP 550' }]);
    expect(undeliverable).toEqual([{ id: REG_ID, reason: 'SMTP 550' }]);
  });

  it('keeps retrying a passing failure, however many attempts, with a backoff capped at an hour', async () => {
    // Throttling, quotas, a mail server down: "later", never "failed" while the message is useful.
    outcome = { sent: false, failure: 'transient', reason: 'TooManyRequestsException' };
    claimed = claim(queuedMail('confirmed', 2030, REG_ID, NOW));
    expect(await deliverMail(2030, claimed.id, dependencies())).toEqual({
      result: 'retry',
      retryAfterMs: 1_000,
    });
    claimed = claim(claimed, 8);
    expect(await deliverMail(2030, claimed.id, dependencies())).toEqual({
      result: 'retry',
      retryAfterMs: 128_000,
    });
    claimed = claim(claimed, 200);
    expect(await deliverMail(2030, claimed.id, dependencies())).toEqual({
      result: 'retry',
      retryAfterMs: 3_600_000,
    });
    expect(settled).toEqual([
      { state: 'pending', reason: 'TooManyRequestsException', next: '2030-05-01T12:00:01.000Z' },
      { state: 'pending', reason: 'TooManyRequestsException', next: '2030-05-01T12:02:08.000Z' },
      { state: 'pending', reason: 'TooManyRequestsException', next: '2030-05-01T13:00:00.000Z' },
    ]);
    expect(undeliverable).toEqual([]);
    expect(retryDelayMs(1_000, MAIL_RETRY)).toBe(3_600_000);
  });

  it('tries once more at the deadline, then gives up and flags the person', async () => {
    outcome = { sent: false, failure: 'transient', reason: 'ECONNREFUSED' };
    const start = new Date(edition.details.startsAt);
    claimed = claim(queuedMail('confirmed', 2030, REG_ID, NOW), 30);
    now = new Date(start.getTime() - 10_000);
    expect(await deliverMail(2030, claimed.id, dependencies())).toEqual({
      result: 'retry',
      retryAfterMs: 10_000,
    });
    now = start;
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('failed');
    expect(settled.at(-1)).toEqual({ state: 'failed', reason: 'ECONNREFUSED' });
    expect(undeliverable).toEqual([{ id: REG_ID, reason: 'gave-up:ECONNREFUSED' }]);
  });

  it('keeps a cancellation until the workshop ends, and a redriven message until its new deadline', async () => {
    outcome = { sent: false, failure: 'transient', reason: 'SMTP 421' };
    now = new Date(edition.details.startsAt);
    claimed = claim(
      queuedMail('cancelled', 2030, REG_ID, NOW, { to: { name: 'A', email: 'a@example.org' } }),
    );
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('retry');
    now = new Date(edition.details.endsAt);
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('failed');
    // A cancellation's registration is erased: nobody to flag.
    expect(undeliverable).toEqual([]);
    claimed = {
      ...claim(queuedMail('confirmed', 2030, REG_ID, NOW), 50),
      usefulUntil: new Date(now.getTime() + 3_600_000).toISOString(),
    };
    expect((await deliverMail(2030, claimed.id, dependencies())).result).toBe('retry');
  });
});
