import { performance } from 'node:perf_hooks';

/**
 * Registrants as the benches send them over HTTP to the local server: what each request answered,
 * and how long it took.
 */

export interface Answered {
  status: number;
  ms: number;
}

export interface RegisterAnswer extends Answered {
  id?: string;
  outcome?: string;
  /** The waiting-list position the 201 told. */
  told?: number;
  manageToken?: string;
}

/** Registration number `index` (its own name and address), with an Idempotency-Key if given. */
export async function registerOverHttp(
  url: string,
  year: number,
  index: number,
  idempotencyKey?: string,
): Promise<RegisterAnswer> {
  const started = performance.now();
  const response = await fetch(`${url}/editions/${year}/registrations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: JSON.stringify({
      name: `Registrant ${index}`,
      email: `registrant-${index}@example.org`,
      audience: 'other',
      consent: true,
    }),
  });
  const body = (await response.json()) as {
    id?: string;
    status?: string;
    waitlistPosition?: number;
    manageToken?: string;
  };
  return {
    status: response.status,
    ms: performance.now() - started,
    ...(body.id ? { id: body.id } : {}),
    ...(body.status ? { outcome: body.status } : {}),
    ...(body.waitlistPosition === undefined ? {} : { told: body.waitlistPosition }),
    ...(body.manageToken ? { manageToken: body.manageToken } : {}),
  };
}

/** One's own cancellation, with the manage token: the status and the status it answered. */
export async function cancelOverHttp(
  url: string,
  year: number,
  { id, manageToken }: { id: string; manageToken: string },
): Promise<Answered & { outcome?: string }> {
  const started = performance.now();
  const response = await fetch(`${url}/editions/${year}/registrations/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${manageToken}` },
  });
  const body = (await response.json()) as { status?: string };
  return {
    status: response.status,
    ms: performance.now() - started,
    ...(body.status ? { outcome: body.status } : {}),
  };
}

/** The q-quantile of the answers' durations (nearest rank), 0 without answers. */
export function quantileMs(answers: Answered[], q: number): number {
  const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);
  return times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
}

/** How many answers had each HTTP status, e.g. { "200": 350, "201": 80 }. */
export function statusCounts(answers: Answered[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
