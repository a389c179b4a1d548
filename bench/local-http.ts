import autocannon from 'autocannon';
import { startLocalStack } from '../scripts/lib/local-stack.ts';

/**
 * Local HTTP with autocannon against the same stack as `npm start` (DynamoDB Local): GET agenda
 * for a few seconds, then a registration burst of unique registrants.
 */

process.env.LOG_LEVEL = 'warn';
const stack = await startLocalStack({
  port: 0,
  now: new Date('2020-04-01T10:00:00+02:00'),
  secrets: { jwtSecret: 'bench', emailHashKey: 'bench' },
});

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

try {
  await run({ url: `${stack.url}/editions/2020/agenda`, connections: 10, duration: 1 });
  const agenda = await run({
    url: `${stack.url}/editions/2020/agenda`,
    connections: 10,
    duration: 5,
  });
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
  const rows = [
    row('GET /editions/2020/agenda, 10 connections, 5 s', agenda),
    row('POST registrations, 500 over 50 connections', burst),
  ];
  const result = {
    rows,
    registrations: {
      confirmed: 100 - state.registration.seatsLeft,
      waitlisted: state.registration.waitlistLength,
    },
  };
  console.log(process.argv.includes('--json') ? JSON.stringify(result) : result);
} finally {
  await stack.stop();
}
