import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { startLocalStack } from '../scripts/lib/local-stack.ts';

/**
 * Local HTTP with autocannon against the same stack as `npm start` (DynamoDB Local): GET agenda
 * side by side with a bare `node:http` server returning the same bytes (rounds alternate, so that
 * drift on a shared machine hits both alike), then a registration burst of unique registrants.
 * The agenda is answered by the local server's front (scripts/lib/remembered-answers.ts).
 */

process.env.LOG_LEVEL = 'warn';
const stack = await startLocalStack({
  port: 0,
  now: new Date('2020-04-01T10:00:00+02:00'),
  secrets: { emailHashKey: 'bench' },
});

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const agendaResponse = await fetch(`${stack.url}/editions/2020/agenda`);
const agendaBytes = Buffer.from(await agendaResponse.arrayBuffer());
const agendaType = agendaResponse.headers.get('content-type') ?? 'application/json';
// BENCH_HTTP_SAME_HEADERS=1: the bare server sends our headers too (security headers, caching,
// CORS), to tell what the bytes of those headers cost the client from what the server does.
const sameHeaders = () => {
  const ours = [...agendaResponse.headers].filter(
    ([name]) => !['date', 'connection', 'keep-alive', 'content-encoding'].includes(name),
  );
  // fetch asked for gzip and decoded it: the bytes the bare server sends are these.
  return { ...Object.fromEntries(ours), 'content-length': String(agendaBytes.length) };
};
const agendaHeaders = process.env.BENCH_HTTP_SAME_HEADERS
  ? sameHeaders()
  : { 'content-type': agendaType, 'content-length': String(agendaBytes.length) };
const bare = createServer((_request, response) => {
  response.writeHead(200, agendaHeaders);
  response.end(agendaBytes);
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

/**
 * Alternating rounds of GET agenda on ours and on the bare server, summed per subject: many short
 * rounds, so that the drift of a shared machine falls on both alike.
 */
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 8);
async function sideBySide(rounds = ROUNDS, seconds = 1) {
  const totals = { ours: { requests: 0, seconds: 0 }, bare: { requests: 0, seconds: 0 } };
  const last: Partial<Record<'ours' | 'bare', autocannon.Result>> = {};
  for (const url of [stack.url, bareUrl]) {
    await run({ url: `${url}/editions/2020/agenda`, connections: 10, duration: 1 });
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, url] of [
      ['ours', stack.url.replace('//localhost:', '//127.0.0.1:')],
      ['bare', bareUrl],
    ] as const) {
      const result = await run({
        url: `${url}/editions/2020/agenda`,
        connections: 10,
        duration: seconds,
      });
      totals[name].requests += result.requests.total;
      totals[name].seconds += result.duration;
      last[name] = result;
    }
  }
  return { totals, last };
}

try {
  const agendaRuns = await sideBySide();
  const agenda = agendaRuns.last.ours as autocannon.Result;
  let registrant = 0;
  const burst = await run({
    url: `${stack.url}/editions/2020/registrations`,
    connections: 50,
    amount: 500,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          registrant += 1;
          return {
            ...request,
            body: JSON.stringify({
              name: `Burst ${registrant}`,
              email: `burst-${registrant}@example.org`,
              audience: 'other',
              consent: true,
            }),
          };
        },
      },
    ],
  });
  const state = (await (await fetch(`${stack.url}/editions/2020`)).json()) as {
    registration: { seatsLeft: number; waitlistLength: number };
  };
  const row = (name: string, result: autocannon.Result) => ({
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    serverErrors: Object.entries(result.statusCodeStats ?? {})
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, stats]) => sum + (stats.count ?? 0), 0),
    errors: result.errors,
    total: result.requests.total,
  });
  const perSecond = ({ requests, seconds }: { requests: number; seconds: number }) =>
    requests / seconds;
  const rows = [
    {
      ...row(`GET /editions/2020/agenda, 10 connections, ${ROUNDS} × 1 s`, agenda),
      requestsPerSecond: perSecond(agendaRuns.totals.ours),
    },
    row('POST registrations, 500 over 50 connections', burst),
  ];
  const result = {
    rows,
    agenda: {
      ours: perSecond(agendaRuns.totals.ours),
      bare: perSecond(agendaRuns.totals.bare),
      bytes: agendaBytes.length,
    },
    registrations: {
      confirmed: 100 - state.registration.seatsLeft,
      waitlisted: state.registration.waitlistLength,
    },
  };
  console.log(process.argv.includes('--json') ? JSON.stringify(result) : result);
} finally {
  bare.close();
  await stack.stop();
}
