import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailSink } from '#functions/data/mail-outbox.ts';
import type { MailSender } from '#functions/mail/sender.ts';
import { createSmtpSender } from '#functions/mail/smtp-sender.ts';
import {
  createLocalMailDispatcher,
  type LocalMailDispatcher,
} from '#functions/notifications/local-dispatcher.ts';
import { deleteEmails, type LocalMailDev, listEmails, startMailDev } from '../support/maildev.ts';
import {
  PUBLIC_URL,
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
  registrationEdition,
} from '../support/registration-app.ts';

/**
 * The mail outbox under faults, on DynamoDB Local and MailDev: the mail server refusing for a
 * while, the database failing as a message is marked sent, a sender dying after its claim, a
 * registration that does not commit. Every message arrives exactly once, or never when its
 * change never happened.
 */

let maildev: LocalMailDev;
let smtp: MailSender;

beforeAll(async () => {
  maildev = await startMailDev();
  smtp = createSmtpSender({
    host: maildev.smtpHost,
    port: maildev.smtpPort,
    from: { name: 'Test', address: 'workshop@mail.localhost' },
  });
});

afterAll(async () => {
  smtp?.close();
  await maildev?.stop();
});

afterEach(async () => {
  await deleteEmails(maildev.webUrl);
});

type Fault = (command: string) => Error | undefined;
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });

/** The API, a mail dispatcher over a sender of the test's choosing, and a fault injector. */
async function mailingApi(sender: MailSender, capacity = 3) {
  let dispatcher: LocalMailDispatcher | undefined;
  const mails: MailSink = { committed: (queued) => dispatcher?.committed(queued) };
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
  });
  const states = async () =>
    (
      (
        await api.table.client.send(
          new QueryCommand({
            TableName: api.table.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'MAIL#2030' },
            ConsistentRead: true,
          }),
        )
      ).Items ?? []
    ).map((item) => item.state as string);
  return {
    api,
    dispatcher,
    states,
    inject: (next: Fault) => {
      fault = next;
    },
  };
}

const recipients = async () =>
  (await listEmails(maildev.webUrl)).map((email) => email.to[0]?.address);

describe('the mail outbox under faults', () => {
  it('retries while the mail server refuses for a while, and delivers each message once', async () => {
    const refusals = new Map<string, number>();
    const flaky: MailSender = {
      async send(message) {
        const seen = refusals.get(message.id) ?? 0;
        refusals.set(message.id, seen + 1);
        if (seen < 2) return { sent: false, failure: 'transient', reason: 'SMTP 421' };
        return smtp.send(message);
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
    const { api, dispatcher, states, inject } = await mailingApi(smtp);
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
        sender: smtp,
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
    const { api, dispatcher, states } = await mailingApi(smtp);
    const someone = person();
    expect((await api.register(someone)).status).toBe(201);
    expect((await api.register({ ...person(), email: someone.email })).status).toBe(409);
    await dispatcher.idle();
    expect(await recipients()).toEqual([someone.email]);
    expect(await states()).toEqual(['sent']);
  });
});
