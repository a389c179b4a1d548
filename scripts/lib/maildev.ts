import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * MailDev (npm `maildev`, v3) in this process: an SMTP server that keeps every message and a web
 * UI that shows them, both on free loopback ports. It keeps the messages in a folder of its own,
 * removed on stop: they hold names and addresses.
 */

export interface LocalMailDev {
  /** The web UI; its REST API is under /api (GET /api/email lists the messages). */
  webUrl: string;
  smtpHost: string;
  smtpPort: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** MailDev's API prints where it listens even when silent; the start banner says it instead. */
async function withoutListeningLine<T>(start: () => Promise<T>): Promise<T> {
  const info = console.info;
  console.info = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('MailDev API running at')) info(...args);
  };
  try {
    return await start();
  } finally {
    console.info = info;
  }
}

/** Free ports unless given (a test restarting MailDev where its senders expect it). */
export interface MailDevPorts {
  smtpPort?: number;
  webPort?: number;
}

export async function startMailDev(ports: MailDevPorts = {}): Promise<LocalMailDev> {
  // Loaded here, not at the top: only a stack that wants mail pays for MailDev's web server.
  const { MailDev } = await import('maildev');
  const directory = mkdtempSync(join(tmpdir(), 'workshop-mail-'));
  const maildev = new MailDev({
    smtp: ports.smtpPort ?? 0,
    web: ports.webPort ?? 0,
    ip: HOST,
    webIp: HOST,
    // Silent: MailDev would print each message's sender and recipient.
    silent: true,
    mailDirectory: directory,
  });
  try {
    const servers = await withoutListeningLine(() => maildev.start());
    const webPort = servers.api?.getAddress()?.port;
    if (!webPort) throw new Error('MailDev started without its web UI.');
    return {
      webUrl: `http://localhost:${webPort}`,
      smtpHost: HOST,
      smtpPort: servers.smtp.getAddress().port,
      async stop() {
        await maildev.stop();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await maildev.stop();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}
