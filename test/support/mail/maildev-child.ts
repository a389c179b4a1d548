import { startMailDev } from '../../../scripts/lib/maildev.ts';

/**
 * MailDev in a process of its own (test/support/mail/maildev.ts starts it): on the ports given as
 * arguments (0: free ones), it prints them as one JSON line once it listens, and stops on SIGTERM.
 */

const [smtpPort, webPort] = process.argv.slice(2).map(Number);
const maildev = await startMailDev({ smtpPort: smtpPort ?? 0, webPort: webPort ?? 0 });
const webPortNow = Number(new URL(maildev.webUrl).port);
process.stdout.write(
  `${JSON.stringify({ smtpPort: maildev.smtpPort, webPort: webPortNow, webUrl: maildev.webUrl })}\n`,
);
process.once('SIGTERM', () => {
  maildev.stop().finally(() => process.exit(0));
});
