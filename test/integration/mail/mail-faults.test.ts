import { createServer, connect as tcpConnect } from 'node:net';
import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import {
  createLocalMailDispatcher,
  type LocalMailDispatcher,
  type LocalMailDispatcherOptions,
} from '#functions/mail/local-dispatcher.ts';
import type { MailSender } from '#functions/mail/transport/sender.ts';
import { createSmtpSender } from '#functions/mail/transport/smtp-sender.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import {
  listEmails,
  type MailDevProcess,
  startMailDevProcess,
} from '../../support/mail/maildev.ts';
import { useMailDev } from '../../support/mail/test-mail.ts';
import {
  PUBLIC_URL,
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * The mail outbox under faults, on DynamoDB Local and MailDev: the mail server refusing for a
 * while, the database failing as a message is marked sent, a sender dying after its claim, a
 * registration that does not commit. Every message arrives exactly once, or never when its
 * change never happened.
 */

const testMail = useMailDev();

type Fault = (command: string) => Error | undefined;
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });

/** The API, a mail dispatcher over a sender of the test's choosing, and a fault injector. */
async function mailingApi(
  sender: MailSender,
  capacity = 3,
  dispatching: Partial<LocalMailDispatcherOptions> = {},
) {
  let dispatcher: LocalMailDispatcher | undefined;
  let told = 0;
  const mails: MailSink = {
    committed: (queued) => {
      told += queued.length;
      dispatcher?.committed(queued);
    },
  };
  const api = await registrationApi(registrationEdition({ capacity }), {}, { mails });
  let fault: Fault = () => undefined;
  api.table.client.middlewareStack.add(
    (next, context) => async (args) => {
      const error = fault(context.commandName ?? '');
      if (error) throw error;
      return next(args);
    },
    { step: 'initialize', name: 'injectMailFaults' },
  );
  const clock = () => REGISTRATION_OPEN_AT;
  dispatcher = createLocalMailDispatcher({
    outbox: api.stores.mailOutbox,
    registrations: api.stores.registrations,
    editions: api.stores.editions,
    onlineAccess: api.stores.onlineAccess,
    announcements: api.stores.announcements,
    sender,
    publicUrl: PUBLIC_URL,
    manageKey: 'test-email-key',
    clock,
    baseDelayMs: 10,
    ...dispatching,
  });
  const items = () => partitionItems(api.table, 'MAIL#2030');
  const states = async () => (await items()).map((item) => item.state as string);
  return {
    api,
    dispatcher,
    states,
    items,
    /** How many messages the stores told the dispatcher of. */
    told: () => told,
    inject: (next: Fault) => {
      fault = next;
    },
  };
}

const recipients = async () =>
  (await listEmails(testMail.maildev().webUrl)).map((email) => email.to[0]?.address);

describe('the mail outbox under faults', () => {
  it('retries while the mail server refuses for a while, and delivers each message once', async () => {
    const refusals = new Map<string, number>();
    const flaky: MailSender = {
      async send(message) {
        const seen = refusals.get(message.id) ?? 0;
        refusals.set(message.id, seen + 1);
        if (seen < 2) return { sent: false, failure: 'transient', reason: 'SMTP 421' };
        return testMail.smtp().send(message);
      },
      close: () => undefined,
    };
    const { api, dispatcher, states } = await mailingApi(flaky);
    const people = Array.from({ length: 5 }, () => person());
    for (const someone of people) expect((await api.register(someone)).status).toBe(201);
    await dispatcher.idle();
    expect((await recipients()).sort()).toEqual(people.map((someone) => someone.email).sort());
    expect([...refusals.values()]).toEqual([3, 3, 3, 3, 3]);
    expect(await states()).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });

  it('marks a message sent without sending it again when the database fails right after the send', async () => {
    const { api, dispatcher, states, inject } = await mailingApi(testMail.smtp());
    // The claim is the first UpdateItem; marking the message sent then fails more often than
    // one call retries (5 attempts), so the dispatcher has to come back to it.
    let updates = 0;
    let failures = 0;
    inject((command) => {
      if (command !== 'UpdateItemCommand') return undefined;
      updates += 1;
      if (updates >= 2 && failures < 6) {
        failures += 1;
        return throttled();
      }
      return undefined;
    });
    const someone = person();
    expect((await api.register(someone)).status).toBe(201);
    await dispatcher.idle();
    inject(() => undefined);
    expect(failures).toBe(6);
    expect(await recipients()).toEqual([someone.email]);
    expect(await states()).toEqual(['sent']);
  });

  it('takes over the message of a sender that died after its claim, once the lease ran out', async () => {
    // Nobody hears of the message: it waits in the outbox until a sender looks.
    const api = await registrationApi(
      registrationEdition(),
      {},
      { mails: { committed: () => {} } },
    );
    const someone = person();
    expect((await api.register(someone)).status).toBe(201);
    const [queued] = await api.stores.mailOutbox.listUnsent(2030);
    if (!queued) throw new Error('the registration queued no message');
    // A sender claims it and dies.
    expect(await api.stores.mailOutbox.claim(2030, queued.id, REGISTRATION_OPEN_AT)).toBeDefined();

    const restartAfter = async (seconds: number) => {
      const restarted = createLocalMailDispatcher({
        outbox: api.stores.mailOutbox,
        registrations: api.stores.registrations,
        editions: api.stores.editions,
        onlineAccess: api.stores.onlineAccess,
        announcements: api.stores.announcements,
        sender: testMail.smtp(),
        publicUrl: PUBLIC_URL,
        manageKey: 'test-email-key',
        clock: () => new Date(REGISTRATION_OPEN_AT.getTime() + seconds * 1_000),
        baseDelayMs: 10,
      });
      await restarted.recover([2030]);
      await restarted.idle();
      restarted.stop();
    };
    await restartAfter(30);
    expect(await recipients()).toEqual([]);
    await restartAfter(61);
    await restartAfter(62);
    expect(await recipients()).toEqual([someone.email]);
    expect(await api.stores.mailOutbox.listUnsent(2030)).toEqual([]);
  });

  it('queues no message for a registration that did not commit', async () => {
    const { api, dispatcher, states } = await mailingApi(testMail.smtp());
    const someone = person();
    expect((await api.register(someone)).status).toBe(201);
    expect((await api.register({ ...person(), email: someone.email })).status).toBe(409);
    await dispatcher.idle();
    expect(await recipients()).toEqual([someone.email]);
    expect(await states()).toEqual(['sent']);
  });
});

/** Polls until `check` holds, for at most `ms`: the test waits for the dispatcher, not a clock. */
async function until(check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still waiting: ${String(check)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('mail is never dropped silently', () => {
  // MailDev in a process of its own, started once (its start takes seconds) and stopped: each
  // test's outage, until the test starts it again on the same ports.
  let ports: { smtpPort: number; webPort: number };
  let up: MailDevProcess | undefined;
  beforeAll(async () => {
    const first = await startMailDevProcess();
    ports = { smtpPort: first.smtpPort, webPort: first.webPort };
    await first.stop();
  }, 90_000);
  afterEach(async () => {
    await up?.stop();
    up = undefined;
  });

  function mailDevDown() {
    const sender = createSmtpSender({
      host: '127.0.0.1',
      port: ports.smtpPort,
      from: { name: 'Test', address: 'workshop@mail.localhost' },
    });
    return { ports, sender };
  }

  it('keeps trying through a mail server outage, far past the old 8 attempts, and sends each once', {
    timeout: 300_000,
  }, async () => {
    const { ports, sender } = mailDevDown();
    const { api, dispatcher, states, items } = await mailingApi(sender, 4, { maxDelayMs: 100 });
    const people = Array.from({ length: 3 }, () => person());
    for (const someone of people) expect((await api.register(someone)).status).toBe(201);
    // Refused connections, over and over: "later", never "failed", while the workshop is ahead.
    await until(async () => (await items()).every((item) => Number(item.attempts) > 8), 60_000);
    expect((await states()).filter((state) => state === 'failed')).toEqual([]);

    up = await startMailDevProcess(ports);
    await dispatcher.idle();
    sender.close();
    const received = (await listEmails(up.webUrl)).map((email) => email.to[0]?.address);
    expect(received.sort()).toEqual(people.map((someone) => someone.email).sort());
    expect(await states()).toEqual(people.map(() => 'sent'));
    const listed = await api.organizer('GET', '/admin/editions/2030/registrations');
    expect(listed.body.items.map((item: any) => item.mailUndeliverable)).toEqual(
      people.map(() => null),
    );
  });

  it('gives up once a message is no use, flags the person for organizers, and redrives it', {
    timeout: 300_000,
  }, async () => {
    const { ports, sender } = mailDevDown();
    let now = REGISTRATION_OPEN_AT;
    const { api, dispatcher, states, items } = await mailingApi(sender, 4, {
      maxDelayMs: 50,
      clock: () => now,
    });
    const someone = person();
    expect((await api.register(someone)).status).toBe(201);
    await until(async () => (await items()).every((item) => Number(item.attempts) >= 2), 100_000);
    // The workshop has started: a confirmation is no use any more.
    now = new Date('2030-07-01T00:00:00Z');
    api.setNow(now);
    await dispatcher.idle();
    expect(await states()).toEqual(['failed']);

    const listed = await api.organizer('GET', '/admin/editions/2030/registrations');
    expect(listed.body.items[0].mailUndeliverable).toBe('gave-up:ESOCKET');
    const csv = await api.organizer('GET', '/admin/editions/2030/registrations.csv');
    expect(csv.text).toContain('gave-up:ESOCKET');
    const failed = await api.organizer('GET', '/admin/editions/2030/mail/failed');
    expect(failed.status).toBe(200);
    expect(failed.body.items).toEqual([
      expect.objectContaining({ kind: 'confirmed', reason: 'ESOCKET' }),
    ]);
    expect(failed.text).not.toContain(someone.email);

    up = await startMailDevProcess(ports);
    const bad = await api.organizer('POST', '/admin/editions/2030/mail/redrive', { ids: ['x'] });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('ids');
    const redriven = await api.organizer('POST', '/admin/editions/2030/mail/redrive', {});
    expect(redriven.status).toBe(200);
    expect(redriven.body).toMatchObject({
      redriven: 1,
      ids: [failed.body.items[0].id],
      usefulUntil: '2030-07-03T00:00:00.000Z',
    });
    await dispatcher.idle();
    sender.close();
    expect((await listEmails(up.webUrl)).map((email) => email.to[0]?.address)).toEqual([
      someone.email,
    ]);
    expect(await states()).toEqual(['sent']);
    const after = await api.organizer('GET', '/admin/editions/2030/registrations');
    expect(after.body.items[0].mailUndeliverable).toBeNull();
    const audit = await api.organizer('GET', '/admin/editions/2030/audit');
    expect(audit.body.items[0]).toMatchObject({ action: 'mail-redrive', who: 'test' });
  });

  it('sends a message whose write landed while the database timed out: the periodic scan finds it', async () => {
    const { api, dispatcher, states, inject, told } = await mailingApi(testMail.smtp(), 4, {
      scanMs: 100,
    });
    await dispatcher.recover([2030]);
    // The registration's transaction commits, but the database freezes before it answers: that
    // answer and every retry time out, the client gets a 503, nobody tells the dispatcher.
    let frozen = true;
    let landed = 0;
    api.table.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!frozen || context.commandName !== 'TransactWriteItemsCommand') return next(args);
        if (landed === 0) {
          await next(args);
          landed += 1;
        }
        throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
      },
      { step: 'initialize', name: 'freezeTransactions' },
    );
    inject(() => undefined);
    const someone = person();
    const answer = await api.register(someone, { 'idempotency-key': 'lost-answer' });
    frozen = false;
    expect(answer.status).toBe(503);
    expect(landed).toBe(1);
    expect(told()).toBe(0);
    await until(async () => (await recipients()).length > 0, 10_000);
    await dispatcher.idle();
    dispatcher.stop();
    expect(await recipients()).toEqual([someone.email]);
    expect(await states()).toEqual(['sent']);
  });

  it('sends a second copy with the same Message-ID when the server accepts after the sender stopped waiting', async () => {
    // A relay in front of MailDev that holds back MailDev's answer to the first message's end
    // for longer than the sender waits: MailDev has it, the sender does not know.
    let connections = 0;
    const relay = createServer((client) => {
      connections += 1;
      const holdBack = connections === 1;
      const upstream = tcpConnect(testMail.maildev().smtpPort, testMail.maildev().smtpHost);
      let tail = '';
      let messageEnded = false;
      client.on('data', (chunk) => {
        tail = (tail + chunk.toString('latin1')).slice(-5);
        if (tail === '\r\n.\r\n') messageEnded = true;
        upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (holdBack && messageEnded) {
          setTimeout(() => client.destroyed || client.write(chunk), 3_000).unref();
        } else client.write(chunk);
      });
      client.on('close', () => upstream.end());
      upstream.on('close', () => client.destroy());
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const address = relay.address();
    if (!address || typeof address !== 'object') throw new Error('the relay has no port');
    const impatient = createSmtpSender({
      host: '127.0.0.1',
      port: address.port,
      from: { name: 'Test', address: 'workshop@mail.localhost' },
      timeouts: { socketMs: 500 },
    });
    try {
      const { api, dispatcher, states } = await mailingApi(impatient);
      const someone = person();
      expect((await api.register(someone)).status).toBe(201);
      await dispatcher.idle();
      await until(async () => (await recipients()).length >= 2, 10_000);
      const copies = await listEmails(testMail.maildev().webUrl);
      expect(copies.map((email) => email.to[0]?.address)).toEqual([someone.email, someone.email]);
      const header = (email: (typeof copies)[number], name: string) =>
        String(email.headers[name] ?? '');
      const [first, second] = copies;
      if (!first || !second) throw new Error('two copies expected');
      expect(header(first, 'message-id')).toMatch(/^<mail_[A-Za-z0-9_-]+@mail\.localhost>$/);
      expect(header(second, 'message-id')).toBe(header(first, 'message-id'));
      expect(header(first, 'x-workshop-message-id')).toBe(header(first, 'message-id'));
      expect(header(second, 'x-workshop-message-id')).toBe(header(first, 'message-id'));
      expect(await states()).toEqual(['sent']);
    } finally {
      impatient.close();
      relay.close();
    }
  });
});
