import { createServer } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getRequestListener } from '@hono/node-server';
import { EDITIONS_DIR, type EditionFile, loadEditionFiles } from '#editions/load.ts';
import { createApi } from '#functions/api.ts';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { createTable } from '#functions/data/table/table.ts';
import { createWebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import { openIdAuthenticator } from '#functions/http/auth.ts';
import {
  createLocalMailDispatcher,
  type LocalMailDispatcher,
} from '#functions/mail/local-dispatcher.ts';
import { queueDueReminders } from '#functions/mail/reminders.ts';
import type { MailSender } from '#functions/mail/transport/sender.ts';
import { createSmtpSender } from '#functions/mail/transport/smtp-sender.ts';
import { type PublishOutcome, publishEditionFile } from '#functions/releases/publish.ts';
import { createLocalDispatcher } from '#functions/webhooks/local-dispatcher.ts';
import { buildConsole } from '../../console/build.ts';
import { consoleHandler } from '../../console/serve.ts';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from './dynamodb-local.ts';
import { LOCAL_SIGN_IN_SCOPES, type LocalOidc, startLocalOidc } from './local-oidc.ts';
import { type LocalSecrets, localSecrets } from './local-secrets.ts';
import { startMailDev } from './maildev.ts';
import { answeringRemembered } from './remembered-answers.ts';

/**
 * The whole product on one machine: DynamoDB Local, the table, every edition file published into
 * it, and all Hono apps on one HTTP server. `npm start` and the HTTP tests both use it. With
 * `mail`, MailDev too, and the app's mail sender: SMTP into it.
 */

export const LOCAL_TABLE_NAME = 'workshop-local';

/** The sender of local mail: `.localhost` is reserved, so no message can leave this machine as ours. */
const LOCAL_MAIL_FROM = { name: 'Workshop (local)', address: 'workshop@mail.localhost' };

/** The local organizers' list: exports and new webhooks are told to it, in MailDev. */
export const LOCAL_ORGANIZERS_MAIL = ['organizers@mail.localhost'];

export interface LocalStackOptions {
  port: number;
  hostname?: string;
  persistPath?: string;
  editionsDir?: string;
  /** Start the clock at this instant (it runs on from there); the real time when absent. */
  now?: Date;
  secrets?: LocalSecrets;
  /** How long a request may wait on DynamoDB; LOCAL_REQUEST_BUDGET_MS when absent. */
  requestBudgetMs?: number;
  /** Start MailDev and a mail sender into it (`npm start` does). */
  mail?: boolean;
  /** Where exports and new webhooks are reported; LOCAL_ORGANIZERS_MAIL with `mail`, else none. */
  organizersMail?: readonly string[];
  /**
   * The local OpenID Connect provider runs unless this is false: the API trusts its tokens (JWKS,
   * issuer, audience) and no others, as API Gateway trusts the user pool's. Without it, every
   * /admin request is a 401.
   */
  oidc?: boolean;
  /** Build the organizer console into memory and serve it at /console (needs `oidc`). */
  console?: boolean;
  /** The provider's port (`npm start`: localSignInPort()); a free one when absent or 0. */
  signInPort?: number;
}

interface LocalMail {
  /** MailDev's web UI, where every message sent shows. */
  webUrl: string;
  /** SMTP into MailDev: what the app sends attendee emails with. */
  sender: MailSender;
  /** Sends what the outbox holds, right after each change commits. */
  dispatcher: LocalMailDispatcher;
  /** Queues the reminders that are due by the clock (a timer does this every REMINDER_CHECK_MS). */
  queueDueReminders(): Promise<number>;
}

/** How long an idle connection stays open: longer than a room screen's poll. */
export const KEEP_ALIVE_MS = 65_000;

/** How often the local server looks whether reminders are due. */
const REMINDER_CHECK_MS = 30_000;

export interface LocalStack {
  url: string;
  dynamoDbEndpoint: string;
  /** The client every app uses: benchmarks attach middleware to it to count calls. */
  client: DynamoDBDocumentClient;
  editions: (EditionFile & { published: PublishOutcome })[];
  clock: () => Date;
  /** Sets the clock to this instant; it runs on from there. */
  setNow(instant: Date): void;
  /** Freezes, thaws or kills DynamoDB Local under the running server (the outage tests). */
  signalDynamoDb: DynamoDbLocal['signal'];
  /** Present when started with `mail`. */
  mail?: LocalMail;
  /** The sign-in provider (absent with `oidc: false`): issuer, accounts, the key it signs with. */
  oidc?: LocalOidc;
  /** Present when started with `console`: where the organizer console is. */
  consoleUrl?: string;
  stop(): Promise<void>;
}

async function startLocalMail(): Promise<
  Pick<LocalMail, 'webUrl' | 'sender'> & { stop(): Promise<void> }
> {
  const maildev = await startMailDev();
  const sender = createSmtpSender({
    host: maildev.smtpHost,
    port: maildev.smtpPort,
    from: LOCAL_MAIL_FROM,
  });
  return {
    webUrl: maildev.webUrl,
    sender,
    async stop() {
      sender.close();
      await maildev.stop();
    },
  };
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const editionFiles = loadEditionFiles(options.editionsDir ?? EDITIONS_DIR);
  const dynamoDb = await startDynamoDbLocal({ persistPath: options.persistPath });
  let mail: Awaited<ReturnType<typeof startLocalMail>> | undefined;
  let mailDispatcher: LocalMailDispatcher | undefined;
  let reminderTimer: NodeJS.Timeout | undefined;
  let oidc: LocalOidc | undefined;
  try {
    if (options.mail) mail = await startLocalMail();
    const rawClient = new DynamoDBClient(dynamoDb.clientConfig);
    await createTable(rawClient, LOCAL_TABLE_NAME);
    rawClient.destroy();
    const client = createDocumentClient(dynamoDb.clientConfig);
    // The dispatchers stand for functions of their own in AWS (the table's stream): they call
    // DynamoDB through a client of their own, so that `client` counts what the requests cost.
    const background = createDocumentClient(dynamoDb.clientConfig);
    const dispatcher = createLocalDispatcher({
      store: createWebhookStore({ client: background, tableName: LOCAL_TABLE_NAME }),
    });
    // The mail dispatcher needs the stores, and the stores tell it of what they queue.
    const mails: MailSink = { committed: (queued) => mailDispatcher?.committed(queued) };
    const stores = createStores({
      client,
      tableName: LOCAL_TABLE_NAME,
      events: dispatcher,
      mails,
    });
    let offset = options.now ? options.now.getTime() - Date.now() : 0;
    const clock = () => new Date(Date.now() + offset);
    // The start's publishes through a patient client of their own: a fresh DynamoDB Local on a
    // busy machine can take longer than a request's 2 s bound to commit the first transactions.
    const startup = createDocumentClient({
      ...dynamoDb.clientConfig,
      maxAttempts: 3,
      requestHandler: { requestTimeout: 30_000 },
    });
    const startupStores = createStores({
      client: startup,
      tableName: LOCAL_TABLE_NAME,
      events: dispatcher,
      mails,
    });
    const editions = [];
    try {
      for (const file of editionFiles) {
        editions.push({
          ...file,
          published: await publishEditionFile(startupStores, file.edition, clock()),
        });
      }
    } finally {
      startup.destroy();
    }
    const secrets = options.secrets ?? localSecrets();
    const hostname = options.hostname ?? '127.0.0.1';
    // The URL is configuration, known before the first request: links never echo a Host header.
    const port = options.port || (await freePort());
    const url = `http://${['0.0.0.0', '127.0.0.1', '::'].includes(hostname) ? 'localhost' : hostname}:${port}`;
    if (options.oidc !== false)
      oidc = await startLocalOidc({ apiOrigin: url, port: options.signInPort ?? 0 });
    const years = editions.map(({ edition }) => edition.year);
    const backgroundStores = createStores({
      client: background,
      tableName: LOCAL_TABLE_NAME,
      events: dispatcher,
      mails,
    });
    const queueReminders = async () => {
      let queued = 0;
      for (const year of years)
        queued += await queueDueReminders(year, clock(), {
          ...backgroundStores,
          outbox: backgroundStores.mailOutbox,
        });
      return queued;
    };
    if (mail) {
      mailDispatcher = createLocalMailDispatcher({
        outbox: backgroundStores.mailOutbox,
        registrations: backgroundStores.registrations,
        editions: backgroundStores.editions,
        onlineAccess: backgroundStores.onlineAccess,
        announcements: backgroundStores.announcements,
        submissions: backgroundStores.submissions,
        sender: mail.sender,
        publicUrl: url,
        manageKey: secrets.emailHashKey,
        clock,
        announcementFanOut: {
          announcements: backgroundStores.announcements,
          registrations: backgroundStores.registrations,
          mails,
          clock,
        },
      });
      await mailDispatcher.recover(years);
      reminderTimer = setInterval(() => {
        queueReminders().catch(() => undefined);
      }, REMINDER_CHECK_MS);
      reminderTimer.unref();
    }
    const api = createApi({
      ...stores,
      clock,
      publicUrl: url,
      emailHashKey: secrets.emailHashKey,
      authenticate: oidc ? openIdAuthenticator(oidc) : async () => undefined,
      ...(oidc
        ? { signIn: { issuer: oidc.issuer, clientId: oidc.audience, scopes: LOCAL_SIGN_IN_SCOPES } }
        : {}),
      // Without MailDev nothing would send them: the audit entry alone.
      organizersMail: options.organizersMail ?? (mail ? LOCAL_ORGANIZERS_MAIL : []),
      ...(options.requestBudgetMs ? { requestBudgetMs: options.requestBudgetMs } : {}),
      allowedOrigins: [
        ...new Set(editionFiles.flatMap(({ edition }) => edition.api.allowedOrigins)),
      ],
    });
    const serveConsole =
      options.console && oidc
        ? consoleHandler(await buildConsole(), { issuer: oidc.issuer })
        : undefined;
    const fetch: typeof api.fetch = (request, ...rest) =>
      serveConsole?.(request) ?? api.fetch(request, ...rest);
    // @hono/node-server's listener, behind the answers the memory holds.
    const listener = getRequestListener(fetch, { hostname });
    const server = createServer(answeringRemembered(api.answerMemory, listener));
    // Room screens and phones poll every 10 to 30 s: their connections stay open between polls
    // (Node's default closes them after 5 s, and every poll paid a new connection).
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + 1000;
    await new Promise<void>((resolveServer, reject) => {
      server.once('error', reject);
      server.listen(port, hostname, () => {
        server.off('error', reject);
        resolveServer();
      });
    });
    return {
      url,
      dynamoDbEndpoint: dynamoDb.endpoint,
      client,
      editions,
      clock,
      setNow(instant) {
        offset = instant.getTime() - Date.now();
      },
      signalDynamoDb: dynamoDb.signal,
      ...(oidc ? { oidc } : {}),
      ...(serveConsole ? { consoleUrl: `${url}/console` } : {}),
      ...(mail && mailDispatcher
        ? {
            mail: {
              webUrl: mail.webUrl,
              sender: mail.sender,
              dispatcher: mailDispatcher,
              queueDueReminders: queueReminders,
            },
          }
        : {}),
      async stop() {
        clearInterval(reminderTimer);
        dispatcher.stop();
        mailDispatcher?.stop();
        await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        await oidc?.stop();
        await mail?.stop();
        await dynamoDb.stop();
      },
    };
  } catch (error) {
    await oidc?.stop();
    await mail?.stop();
    await dynamoDb.stop();
    throw error;
  }
}
