import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createMailOutbox,
  type MailOutbox,
  mailPutItem,
} from '#functions/data/mail/mail-outbox.ts';
import { queuedMail, reminderMailId } from '#shared/mail/queued.ts';
import { freshTable } from '../../support/dynamodb.ts';

/** The mail outbox on DynamoDB Local: queued once, claimed by one sender at a time, settled. */

let table: Awaited<ReturnType<typeof freshTable>>;
let outbox: MailOutbox;
const NOW = new Date('2030-05-01T12:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1_000);

beforeAll(async () => {
  table = await freshTable();
  outbox = createMailOutbox({ client: table.client, tableName: table.tableName });
});

const stored = async (year: number, id: string) =>
  (
    await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: `MAIL#${year}`, sk: id } }),
    )
  ).Item;

describe('the mail outbox', () => {
  it('queues a message in a transaction, once: a second put of the same id fails the transaction', async () => {
    const mail = queuedMail('confirmed', 2030, 'reg-1', NOW);
    const put = () =>
      table.client.send(
        new TransactWriteCommand({ TransactItems: [mailPutItem(table.tableName, mail)] }),
      );
    await put();
    await expect(put()).rejects.toThrow();
    expect(await stored(2030, mail.id)).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('lets one sender claim a message; another gets it only once the lease ran out', async () => {
    const mail = queuedMail('confirmed', 2030, 'reg-2', NOW);
    expect(await outbox.queue(mail)).toBe(true);
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => outbox.claim(2030, mail.id, NOW, 60_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await outbox.claim(2030, mail.id, later(30))).toBeUndefined();
    const taken = await outbox.claim(2030, mail.id, later(61));
    expect(taken).toMatchObject({ id: mail.id, state: 'sending', attempts: 2 });
    await outbox.markSent(2030, mail.id, later(62));
    expect(await outbox.claim(2030, mail.id, later(600))).toBeUndefined();
    expect(await stored(2030, mail.id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('erases the address a cancellation message carried once it is settled', async () => {
    const to = { name: 'Ada Lovelace', email: 'ada@example.org' };
    const sent = queuedMail('cancelled', 2030, 'reg-3', NOW, { to });
    const failed = queuedMail('cancelled', 2030, 'reg-4', NOW, { to });
    await outbox.queue(sent);
    await outbox.queue(failed);
    expect(await outbox.claim(2030, sent.id, NOW)).toMatchObject({ to });
    await outbox.markSent(2030, sent.id, NOW);
    await outbox.claim(2030, failed.id, NOW);
    await outbox.markFailed(2030, failed.id, NOW, 'SMTP 550');
    for (const id of [sent.id, failed.id]) {
      const item = await stored(2030, id);
      expect(item).not.toHaveProperty('to');
      expect(JSON.stringify(item)).not.toContain('ada@example.org');
    }
    expect(await stored(2030, failed.id)).toMatchObject({ state: 'failed', reason: 'SMTP 550' });
  });

  it('gives a message back after a passing failure, and lists what is unsent', async () => {
    const mail = queuedMail('waitlisted', 2031, 'reg-5', NOW);
    const done = queuedMail('waitlisted', 2031, 'reg-6', NOW);
    await outbox.queue(mail);
    await outbox.queue(done);
    await outbox.claim(2031, done.id, NOW);
    await outbox.markSkipped(2031, done.id, NOW, 'registration-cancelled');
    await outbox.claim(2031, mail.id, NOW);
    await outbox.release(2031, mail.id, 'SMTP 421', later(2));
    expect(await stored(2031, mail.id)).toMatchObject({
      state: 'pending',
      reason: 'SMTP 421',
      nextAttemptAt: later(2).toISOString(),
    });
    expect((await outbox.listUnsent(2031)).map((unsent) => unsent.id)).toEqual([mail.id]);
    expect(await outbox.claim(2031, mail.id, NOW)).toMatchObject({ attempts: 2 });
  });

  it('queues a derived id once, however often it is queued', async () => {
    const reminder = { ...queuedMail('reminder', 2032, 'reg-7', NOW), id: reminderMailId('reg-7') };
    const results = await Promise.all(Array.from({ length: 5 }, () => outbox.queue(reminder)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await outbox.remindersQueuedAt(2032)).toBeUndefined();
    await outbox.markRemindersQueued(2032, NOW);
    expect(await outbox.remindersQueuedAt(2032)).toBe(NOW.toISOString());
  });

  it('puts given-up messages back to pending with a deadline, and clears only the flag giving up set', async () => {
    const registration = (id: string, reason: string) => ({
      Put: {
        TableName: table.tableName,
        Item: {
          pk: 'REG#2034',
          sk: `REG#${id}`,
          status: 'confirmed',
          mailUndeliverable: { reason, at: NOW.toISOString() },
        },
      },
    });
    await table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          registration('reg-9', 'gave-up:SMTP 421'),
          registration('reg-10', 'SMTP 550'),
        ],
      }),
    );
    const expired = queuedMail('confirmed', 2034, 'reg-9', NOW);
    const refused = queuedMail('confirmed', 2034, 'reg-10', NOW);
    const sent = queuedMail('confirmed', 2034, 'reg-11', NOW);
    for (const mail of [expired, refused, sent]) {
      await outbox.queue(mail);
      await outbox.claim(2034, mail.id, NOW);
    }
    await outbox.markFailed(2034, expired.id, NOW, 'SMTP 421');
    await outbox.markFailed(2034, refused.id, NOW, 'SMTP 550');
    await outbox.markSent(2034, sent.id, NOW);
    expect((await outbox.listFailed(2034)).map((mail) => mail.id)).toEqual([
      expired.id,
      refused.id,
    ]);

    const only = await outbox.redrive(2034, later(60), later(3600), [expired.id]);
    expect(only.map((mail) => mail.id)).toEqual([expired.id]);
    expect(await stored(2034, expired.id)).toMatchObject({
      state: 'pending',
      usefulUntil: later(3600).toISOString(),
    });
    expect(await stored(2034, refused.id)).toMatchObject({ state: 'failed' });
    const flag = async (id: string) =>
      (
        await table.client.send(
          new GetCommand({ TableName: table.tableName, Key: { pk: 'REG#2034', sk: `REG#${id}` } }),
        )
      ).Item?.mailUndeliverable;
    expect(await flag('reg-9')).toBeUndefined();

    // All of them: the one still failed; the pending and the sent are left alone.
    const all = await outbox.redrive(2034, later(60), later(3600));
    expect(all.map((mail) => mail.id)).toEqual([refused.id]);
    expect(await flag('reg-10')).toMatchObject({ reason: 'SMTP 550' });
    expect(await stored(2034, sent.id)).toMatchObject({ state: 'sent' });
    expect(await outbox.listFailed(2034)).toEqual([]);
  });

  it('marks a registration undeliverable, and leaves a missing one alone', async () => {
    await table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table.tableName,
              Item: { pk: 'REG#2033', sk: 'REG#reg-8', status: 'confirmed' },
            },
          },
        ],
      }),
    );
    await outbox.markUndeliverable(2033, 'reg-8', 'MessageRejected', NOW);
    await outbox.markUndeliverable(2033, 'nobody', 'MessageRejected', NOW);
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'REG#2033', sk: 'REG#reg-8' } }),
    );
    expect(Item?.mailUndeliverable).toEqual({ reason: 'MessageRejected', at: NOW.toISOString() });
  });
});
