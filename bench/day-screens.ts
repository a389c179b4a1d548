import { AsyncLocalStorage } from 'node:async_hooks';
import { type ChildProcess, fork } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { checkInCode } from '#shared/registration/check-in-code.ts';
import { signLocalToken } from '../scripts/lib/local-oidc.ts';
import { KEEP_ALIVE_MS, startLocalStack } from '../scripts/lib/local-stack.ts';
import { BROWSER, type DayLoadPlan, type DayLoadResult, runDayLoad } from './lib/day-load.ts';
import { costText, meterDynamo } from './lib/dynamo-meter.ts';

/**
 * The workshop day under load (issue 26, `day.screens`): for BENCH_DAY_SECONDS (120 by default:
 * "100 people check in within 2 minutes"), 300 room screens and phones poll GET
 * /editions/2020/now every 10 s (staggered, each on its own connection, revalidating with the
 * ETag they hold), 100 registrants are checked in at the door by an organizer, and an organizer
 * posts a delay halfway through; against `npm start`'s stack, its clock on the day. The same
 * pollers, at the same instants, poll a bare node:http server serving the bytes /now answered.
 *
 * Three processes: the stack here (its DynamoDB client metered), the bare server in one of its
 * own, the load in a third. The bare server apart, so that our server's work (renders, check-ins,
 * the delay) does not stall it and its work does not stall ours: each is measured with its own
 * event loop, as two servers would run. The load apart too, so that neither server's work delays
 * the clocks that time them. The figure is ours.p99 / bare.p99.
 */

const role = process.argv[process.argv.indexOf('--role') + 1];
const own = fileURLToPath(import.meta.url);

/** Replies with the message the parent sends, once it is handled. */
function child<Reply>(
  args: string[],
  message: unknown,
): { process: ChildProcess; reply: Promise<Reply> } {
  const started = fork(own, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const reply = new Promise<Reply>((resolve, reject) => {
    started.once('message', (answer) => resolve(answer as Reply));
    started.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  if (message !== undefined) started.send(message as Parameters<ChildProcess['send']>[0]);
  return { process: started, reply };
}

/** An answer's bytes as sent, its coding's headers and its text. */
function answerOf(url: string, headers: Record<string, string>) {
  return new Promise<{ body: Buffer; headers: Record<string, string>; text: string }>(
    (resolve, reject) => {
      request(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          const coding = response.headers['content-encoding'];
          const decoded =
            coding === 'br'
              ? brotliDecompressSync(body)
              : coding === 'gzip'
                ? gunzipSync(body)
                : body;
          resolve({
            body,
            headers: {
              'content-type': response.headers['content-type'] ?? 'application/json',
              ...(coding ? { 'content-encoding': coding } : {}),
            },
            text: decoded.toString(),
          });
        });
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    },
  );
}

const percentile = (sorted: number[], share: number) =>
  sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;

function latency(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    requests: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** Which kind of request of the day a request is, for the meter. */
function kindOf(request: IncomingMessage): string {
  const path = request.url ?? '';
  if (request.method === 'GET' && path.startsWith('/editions/2020/now')) return 'now';
  if (request.method === 'POST' && path.endsWith('/check-ins')) return 'checkIn';
  if (request.method === 'POST' && path.endsWith('/live/delays')) return 'delay';
  return '';
}

async function main() {
  process.env.LOG_LEVEL = 'warn';
  const seconds = Number(process.env.BENCH_DAY_SECONDS ?? 120);
  const pollers = 300;
  const stack = await startLocalStack({
    port: 0,
    // Registration is open in April; the day is 2020-06-25, its first session at 08:45 in Berlin.
    now: new Date('2020-04-01T10:00:00+02:00'),
    secrets: { emailHashKey: 'bench' },
  });
  const bareChild = child<{ port: number }>(['--role', 'bare'], undefined);
  try {
    const ids: string[] = [];
    for (let index = 0; index < 100; index += 1) {
      const answer = await fetch(`${stack.url}/editions/2020/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Attendee ${index}`,
          email: `attendee-${index}@example.org`,
          audience: 'other',
          consent: true,
        }),
      });
      const registration = (await answer.json()) as { id: string; status: string };
      if (registration.status !== 'confirmed')
        throw new Error(`registration ${index}: ${answer.status}`);
      ids.push(registration.id);
    }
    stack.setNow(new Date('2020-06-25T09:35:00+02:00'));
    // The bytes a browser gets (compressed), for the bare server to send as they are.
    const first = await answerOf(`${stack.url}/editions/2020/now`, BROWSER);
    const shown = JSON.parse(first.text) as {
      now: unknown;
      next: { id: string } | null;
    };
    if (!shown.now || !shown.next) throw new Error('/now has no current and next session');
    bareChild.process.send({ body: first.body.toString('base64'), headers: first.headers });
    const { port } = await bareChild.reply;

    // Each request's DynamoDB calls count under its kind: the request's async context carries it
    // from the moment the server takes the request to every call its handler makes.
    const meter = meterDynamo(stack.client);
    const kinds = new AsyncLocalStorage<string>();
    subscribe('http.server.request.start', (message) => {
      kinds.enterWith(kindOf((message as { request: IncomingMessage }).request));
    });
    stack.client.middlewareStack.add(
      (next) => (args) => {
        meter.label(kinds.getStore() ?? '');
        return next(args);
      },
      { step: 'initialize', priority: 'high', name: 'benchDayKinds' },
    );

    // The next talk starts 10 minutes late: the screens show it within the staleness bound.
    const delay = { from: shown.next.id, minutes: 10 };
    const plan: DayLoadPlan = {
      ours: stack.url,
      bare: `http://127.0.0.1:${port}`,
      seconds,
      pollers,
      everyMs: 10_000,
      token: await signLocalToken(stack.oidc as NonNullable<typeof stack.oidc>),
      codes: ids.map((id) => checkInCode('bench', id)),
      delay,
    };
    const load = await child<DayLoadResult>(['--role', 'load'], plan).reply;
    meter.label('');

    // What the day left: the delay on the screens, every check-in counted once.
    const after = (await (await fetch(`${stack.url}/editions/2020/now`)).json()) as {
      next: { id: string; delayMinutes: number } | null;
    };
    if (after.next?.id !== delay.from || after.next.delayMinutes !== delay.minutes)
      throw new Error(`/now does not show the delay: ${JSON.stringify(after.next)}`);
    const attendance = (await (
      await fetch(`${stack.url}/admin/editions/2020/attendance`, {
        headers: { authorization: `Bearer ${plan.token}` },
      })
    ).json()) as { checkedIn: number };
    if (attendance.checkedIn !== ids.length || load.checkIns.statuses['201'] !== ids.length)
      throw new Error(
        `check-ins: ${attendance.checkedIn} counted, answers ${JSON.stringify(load.checkIns.statuses)}`,
      );

    const ours = latency(load.ours.ms);
    const bare = latency(load.bare.ms);
    const serverErrors = Object.entries(load.ours.statuses)
      .filter(([status]) => status === 'error' || Number(status) >= 500)
      .reduce((sum, [, count]) => sum + count, 0);
    const mix = {
      now: ours.requests,
      checkIn: load.checkIns.ms.length,
      delay: load.delays.ms.length,
    };
    const result = {
      seconds,
      pollers,
      checkIns: attendance.checkedIn,
      delays: load.delays.statuses['201'] ?? 0,
      ours: { ...ours, serverErrors, statusCounts: load.ours.statuses },
      bare,
      ratio: Math.round((ours.p99 / bare.p99) * 100) / 100,
      cost: {
        now: meter.cost('now', mix.now),
        checkIn: meter.cost('checkIn', mix.checkIn),
        delay: meter.cost('delay', mix.delay),
      },
      mix,
    };
    if (process.argv.includes('--json')) console.log(JSON.stringify(result));
    else {
      console.log(result);
      for (const [kind, cost] of Object.entries(result.cost))
        console.log(`${kind}: ${costText(cost)}`);
    }
  } finally {
    bareChild.process.kill();
    await stack.stop();
  }
}

if (role === 'bare') {
  process.once('message', (message) => {
    const { body, headers } = message as { body: string; headers: Record<string, string> };
    const bytes = Buffer.from(body, 'base64');
    const bare = createServer((_request, response) => {
      response.writeHead(200, { ...headers, 'content-length': bytes.length });
      response.end(bytes);
    });
    // Connections kept as ours keeps them: the same pollers on the same kind of connection.
    bare.keepAliveTimeout = KEEP_ALIVE_MS;
    bare.headersTimeout = KEEP_ALIVE_MS + 1000;
    bare.listen(0, '127.0.0.1', () => {
      process.send?.({ port: (bare.address() as AddressInfo).port });
    });
    process.once('disconnect', () => bare.close());
  });
} else if (role === 'load') {
  process.once('message', async (plan) => {
    const result = await runDayLoad(plan as DayLoadPlan);
    process.send?.(result, () => process.disconnect());
  });
} else {
  await main();
}
