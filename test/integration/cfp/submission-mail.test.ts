import { describe, expect, it } from 'vitest';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import { mailPk } from '#functions/data/table/keys.ts';
import type { LocalMailDispatcher } from '#functions/mail/local-dispatcher.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { listEmails, waitForEmails } from '../../support/mail/maildev.ts';
import { mailDispatcher, useMailDev } from '../../support/mail/test-mail.ts';
import { json } from '../../support/registration-app.ts';
import { INSIDE_CALL, speaker, submission, submissionApi } from '../../support/submission-app.ts';

/**
 * The receipt of a submission, sent over SMTP into MailDev by the local mail dispatcher: one
 * message per speaker, each with the private link that opens the submission.
 */

const mail = useMailDev();

async function mailingApi() {
  let dispatcher: LocalMailDispatcher | undefined;
  const mails: MailSink = { committed: (queued) => dispatcher?.committed(queued) };
  const api = await submissionApi({ mails });
  const start = () => {
    dispatcher = mailDispatcher(api.stores, mail.smtp(), {
      submissions: api.stores.submissions,
      clock: () => INSIDE_CALL,
    });
    return dispatcher;
  };
  return { api, start };
}

describe('the receipt of a submission', () => {
  it('goes to each speaker with the title, kind, track and the link that opens it', async () => {
    const { api, start } = await mailingApi();
    const dispatcher = start();
    const speakers = [speaker(), speaker(), speaker()];
    const body = submission({ kind: 'paper', speakers });
    const answer = await json(await api.submit(body));
    expect(answer.status).toBe(201);
    await dispatcher.idle();
    const emails = await waitForEmails(mail.webUrl(), 3);
    expect(emails).toHaveLength(3);
    expect(emails.map((email) => email.to[0]?.address).sort()).toEqual(
      speakers.map((one) => one.email).sort(),
    );
    const track = (await json(await api.app.request('/editions/2020/cfp'))).body.tracks.find(
      (one: { id: string }) => one.id === 'runtime',
    ).name as string;
    for (const email of emails) {
      const addressee = speakers.find((one) => one.email === email.to[0]?.address);
      expect(email.to[0]?.name).toBe(addressee?.name);
      expect(email.subject).toContain('Your submission is received');
      expect(email.text).toContain(`Hello ${addressee?.name},`);
      expect(email.text).toContain(body.title);
      expect(email.text).toContain('Research paper (20 min)');
      expect(email.text).toContain(track);
      expect(email.text).toContain('What happens next');
      expect(email.text).toContain(
        'Until the call closes, at the end of Wednesday, 15 April 2020 (',
      );
      // Each speaker's own message: no other speaker's address.
      for (const other of speakers.filter((one) => one !== addressee))
        expect(`${email.text}${email.html}`).not.toContain(other.email);
      const link = /http:\/\/localhost\/2020\/submission#id=([0-9a-z]{26})&token=([\w-]{43})/.exec(
        email.text ?? '',
      );
      expect(link?.[1]).toBe(answer.body.id);
      expect(link?.[0]).toBe(answer.body.manageUrl);
      const opened = await json(await api.own('GET', link?.[1] ?? '', link?.[2] ?? ''));
      expect(opened.status).toBe(200);
      expect(opened.body.title).toBe(body.title);
    }
    expect(emails[0]?.text).toMatch(/Thank you for submitting|named as a speaker/);
    const outbox = await partitionItems(api.table, mailPk(2020));
    expect(outbox.map((item) => item.state)).toEqual(['sent', 'sent', 'sent']);
  });

  it('is not sent once the submission is withdrawn: the addresses are gone with it', async () => {
    const { api, start } = await mailingApi();
    const made = (await json(await api.submit(submission({ speakers: [speaker(), speaker()] }))))
      .body;
    expect((await api.own('DELETE', made.id, made.manageToken)).status).toBe(200);
    const dispatcher = start();
    await dispatcher.recover([2020]);
    await dispatcher.idle();
    expect(await listEmails(mail.webUrl())).toEqual([]);
    const outbox = await partitionItems(api.table, mailPk(2020));
    expect(outbox.map((item) => [item.state, item.reason])).toEqual([
      ['skipped', 'submission-erased'],
      ['skipped', 'submission-erased'],
    ]);
  });
});
