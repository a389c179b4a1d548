import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type LocalMailDev, startMailDev } from '../../../scripts/lib/maildev.ts';

/**
 * MailDev for integration tests: started on free ports (the same start as `npm start`'s), and
 * its REST API read back (GET /api/email lists every message with its parts and attachments).
 */

export { type LocalMailDev, startMailDev };

/** MailDev as its own process, which a test can stop and start again on the same ports. */
export interface MailDevProcess {
  webUrl: string;
  smtpHost: string;
  smtpPort: number;
  webPort: number;
  /** Ends the process (SIGTERM, then SIGKILL after 5 s); its messages go with it. */
  stop(): Promise<void>;
  /** Freezes (SIGSTOP) or thaws (SIGCONT) it: connections open, nothing answered. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void;
}

const CHILD = fileURLToPath(new URL('./maildev-child.ts', import.meta.url));

/** Starts MailDev in a child process: on free ports, or on those of an earlier one. */
export async function startMailDevProcess(
  ports: { smtpPort: number; webPort: number } = { smtpPort: 0, webPort: 0 },
): Promise<MailDevProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [CHILD, String(ports.smtpPort), String(ports.webPort)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const started = await new Promise<{ smtpPort: number; webPort: number; webUrl: string }>(
    (resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n')[0];
        if (output.includes('\n') && line) resolve(JSON.parse(line));
      });
      child.once('exit', (code) =>
        reject(new Error(`MailDev exited (${code}) before it listened.`)),
      );
      child.once('error', reject);
    },
  );
  return {
    ...started,
    smtpHost: '127.0.0.1',
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
    signal(signal) {
      child.kill(signal);
    },
  };
}

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
