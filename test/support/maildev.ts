import { type LocalMailDev, startMailDev } from '../../scripts/lib/maildev.ts';

/**
 * MailDev for integration tests: started on free ports (the same start as `npm start`'s), and
 * its REST API read back (GET /api/email lists every message with its parts and attachments).
 */

export { type LocalMailDev, startMailDev };

export interface MailDevAttachment {
  filename: string;
  generatedFileName: string;
  contentType: string;
  contentDisposition: 'inline' | 'attachment';
  size?: number;
}

export interface MailDevEmail {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  from: { address: string; name?: string }[];
  to: { address: string; name?: string }[];
  headers: Record<string, string | string[]>;
  attachments: MailDevAttachment[];
}

export async function listEmails(webUrl: string): Promise<MailDevEmail[]> {
  const response = await fetch(`${webUrl}/api/email`);
  if (!response.ok) throw new Error(`MailDev answered ${response.status} to GET /api/email.`);
  return (await response.json()) as MailDevEmail[];
}

/** The messages once `count` of them are there: MailDev stores a message just after accepting it. */
export async function waitForEmails(
  webUrl: string,
  count: number,
  timeoutMs = 5_000,
): Promise<MailDevEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = await listEmails(webUrl);
    if (emails.length >= count || Date.now() > deadline) return emails;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function attachmentText(
  webUrl: string,
  email: MailDevEmail,
  attachment: MailDevAttachment,
): Promise<string> {
  const response = await fetch(
    `${webUrl}/api/email/${email.id}/attachment/${encodeURIComponent(attachment.generatedFileName)}`,
  );
  if (!response.ok) throw new Error(`MailDev answered ${response.status} for an attachment.`);
  return response.text();
}

export async function deleteEmails(webUrl: string): Promise<void> {
  await fetch(`${webUrl}/api/email/all`, { method: 'DELETE' });
}
