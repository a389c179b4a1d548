/**
 * What the mail queue carries: which outbox message to deliver, nothing of its content or its
 * addressee (the sender reads both from the table when it sends).
 */
export interface MailJob {
  year: number;
  mailId: string;
}

const MAIL_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** The job in a queue message's body; throws on anything else. */
export function parseMailJob(body: string): MailJob {
  const { year, mailId } = JSON.parse(body) as Partial<Record<keyof MailJob, unknown>>;
  if (!Number.isInteger(year) || typeof mailId !== 'string' || !MAIL_ID.test(mailId)) {
    throw new TypeError('A mail job has an integer year and a mail id.');
  }
  return { year: year as number, mailId };
}

/** The year a scheduled event names (each edition stack's rule: `{ "year": 2021 }`). */
export function editionYear(value: unknown): number {
  if (!Number.isInteger(value)) throw new TypeError(`The event names no year: ${String(value)}`);
  return value as number;
}
