import { randomBytes } from 'node:crypto';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import { seedEdition } from './editions.ts';
import { registrationApi } from './registration-app.ts';

/**
 * The whole API over a fresh table with the shipped 2020 edition, whose call for papers runs
 * from 2020-02-01 to 2020-04-15 (Europe/Berlin): the clock starts inside it.
 */

export const INSIDE_CALL = new Date('2020-03-01T10:00:00Z');
export const BEFORE_CALL = new Date('2020-01-15T10:00:00Z');
export const AFTER_CALL = new Date('2020-05-01T10:00:00Z');

export async function submissionApi(options: { mails?: MailSink } = {}) {
  const api = await registrationApi(seedEdition(), {}, options);
  api.setNow(INSIDE_CALL);
  const submit = (body: unknown, headers: Record<string, string> = {}) =>
    api.app.request(`/editions/${api.year}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  /** A request on one's own submission, with its token. */
  const own = (method: string, id: string, token: string, body?: unknown) =>
    api.app.request(`/editions/${api.year}/submissions/${id}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...api, submit, own };
}

let counter = 0;

/** A speaker no test registers: their names are never a registrant's ("Person N"). */
export function speaker(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    name: `Speaker Nr ${counter}`,
    email: `speaker-${counter}-${randomBytes(3).toString('hex')}@example.org`,
    affiliation: `Lab ${counter}`,
    ...overrides,
  };
}

/** A valid submission to the 2020 call: a lightning talk in the runtime segment. */
export function submission(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    title: `Checkpointing without tears, part ${counter}`,
    abstract: 'What we learned moving a climate code to asynchronous multi-level checkpoints.',
    kind: 'lightning',
    segment: 'runtime',
    consent: true,
    speakers: [speaker({ bio: 'Works on resilient runtimes.' })],
    ...overrides,
  };
}
