import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION_CHECK_MS } from '#functions/data/editions/published-editions.ts';
import { DYNAMODB_LIMITS } from '#functions/data/table/client.ts';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { person } from '../../support/registration-app.ts';

const hpcwPerson = () => person({ audience: 'software-developers' });

/**
 * The real DynamoDB Local frozen (SIGSTOP) and killed (SIGKILL) under the running local server:
 * every request gets an answer in bounded time, a 503 with Retry-After where it needed the
 * database, the docs still answer, and registrations made around a freeze are neither lost nor
 * doubled once clients retry with their Idempotency-Key.
 */

let stack: LocalStack;

beforeAll(async () => {
  // A shorter budget than the local default keeps the Idempotency-Key leases, and so the test, short.
  stack = await startLocalStack({
    port: 0,
    now: new Date('2020-04-01T10:00:00+02:00'),
    requestBudgetMs: 4_000,
  });
});

afterAll(async () => {
  await stack?.stop();
});

/** A frozen database must not hold a request past the circuit's first timeouts and then some. */
const ANSWER_WITHIN_MS = DYNAMODB_LIMITS.requestTimeoutMs * 2 + 2_000;

async function timed(path: string, init: RequestInit = {}) {
  const started = performance.now();
  const response = await fetch(`${stack.url}${path}`, {
    ...init,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    ms: performance.now() - started,
    retryAfter: response.headers.get('retry-after'),
    type: response.headers.get('content-type'),
    text,
  };
}

const submit = (body: unknown, key: string) =>
  timed('/editions/2020/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

let submissions = 0;
/** A submission to the 2020 call (open on this stack's clock), with a speaker no test registers. */
function aSubmission() {
  submissions += 1;
  return {
    title: `Checkpoints through a frozen database, part ${submissions}`,
    abstract: 'What a call for papers does when its database stops answering mid-request.',
    kind: 'lightning',
    segment: 'runtime',
    consent: true,
    speakers: [
      {
        name: `Speaker Frozen ${submissions}`,
        email: `frozen-speaker-${submissions}@example.org`,
        affiliation: 'Outage Lab',
      },
    ],
  };
}

const register = (body: unknown, key: string) =>
  timed('/editions/2020/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

async function untilHealthy() {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { status } = await timed('/editions/2020');
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`still ${status} after the database came back`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function expectUnavailable(answer: Awaited<ReturnType<typeof timed>>) {
  expect(answer.status).toBe(503);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(answer.type).toContain('application/problem+json');
  expect(JSON.parse(answer.text)).toMatchObject({ type: '/problems/temporarily-unavailable' });
  expect(answer.text).not.toMatch(/ECONN|Timeout|at .*\.ts/);
  expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
}

describe('DynamoDB Local frozen and killed under the local server', () => {
  it('answers 503 with Retry-After in bounded time while frozen, serves the docs, and recovers', async () => {
    expect((await timed('/editions/2020/agenda')).status).toBe(200);
    stack.signalDynamoDb('SIGSTOP');
    try {
      // Within the staleness bound the agenda comes from memory, with no read to wait for.
      const fromMemory = await timed('/editions/2020/agenda');
      expect(fromMemory.status).toBe(200);
      expect(fromMemory.ms).toBeLessThan(DYNAMODB_LIMITS.requestTimeoutMs);
      // Past it, the version must be checked again: the database is needed.
      await new Promise((resolve) => setTimeout(resolve, VERSION_CHECK_MS));
      const [agenda, details, registration, submission, call, page, docs, openapi] =
        await Promise.all([
          timed('/editions/2020/agenda'),
          timed('/editions/2020'),
          register(hpcwPerson(), 'frozen-1'),
          submit(aSubmission(), 'frozen-submission-1'),
          timed('/editions/2020/cfp'),
          timed('/2020'),
          timed('/docs'),
          timed('/openapi.json'),
        ]);
      for (const answer of [agenda, details, registration, submission, call]) {
        expectUnavailable(answer);
      }
      expect(page.status).toBe(503);
      expect(page.type).toContain('text/html');
      expect(page.retryAfter).not.toBeNull();
      expect(page.text).toContain('Reload this page shortly');
      expect(page.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(docs.status).toBe(200);
      expect(openapi.status).toBe(200);
      // With the circuit open, later requests do not wait for a timeout of their own.
      const later = await timed('/editions/2020/speakers');
      expectUnavailable(later);
      expect(later.ms).toBeLessThan(DYNAMODB_LIMITS.requestTimeoutMs);
    } finally {
      stack.signalDynamoDb('SIGCONT');
    }
    await untilHealthy();
    expect((await timed('/editions/2020/agenda')).status).toBe(200);
  });

  it('neither loses nor doubles a registration when the database freezes mid-burst', async () => {
    const taken = async () => {
      const { registration } = JSON.parse((await timed('/editions/2020')).text);
      return registration.capacity - registration.seatsLeft + registration.waitlistLength;
    };
    const before = await taken();
    const clients = Array.from({ length: 120 }, (_, index) => ({
      someone: hpcwPerson(),
      key: `burst-freeze-${index}`,
    }));
    let answered = 0;
    let frozen: () => void = () => {};
    const freezing = new Promise<void>((resolve) => {
      frozen = resolve;
    });
    const burst = Promise.all(
      clients.map(async ({ someone, key }) => {
        const answer = await register(someone, key);
        answered += 1;
        if (answered === 10) frozen();
        return answer;
      }),
    );
    // Freeze while most of the burst is in flight.
    await freezing;
    stack.signalDynamoDb('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    stack.signalDynamoDb('SIGCONT');
    const first = await burst;
    expect(first.filter((answer) => answer.status === 503).length).toBeGreaterThan(0);
    for (const answer of first) {
      expect([201, 503]).toContain(answer.status);
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS + 2_500);
    }

    // Each client retries with its key, after the Retry-After it was given, until it is settled.
    const final = await Promise.all(
      clients.map(async ({ someone, key }, index) => {
        let answer = first[index] ?? (await register(someone, key));
        for (let attempt = 0; attempt < 10 && answer.status !== 201; attempt += 1) {
          expect([409, 503]).toContain(answer.status);
          await new Promise((resolve) => setTimeout(resolve, Number(answer.retryAfter) * 1000));
          answer = await register(someone, key);
        }
        return answer;
      }),
    );
    expect(final.map((answer) => answer.status)).toEqual(clients.map(() => 201));
    const ids = final.map((answer) => JSON.parse(answer.text).id as string);
    expect(new Set(ids).size).toBe(clients.length);

    // Each person is there once: a repeat without a key is a duplicate, and each record opens.
    for (const [index, answer] of final.entries()) {
      const { id, manageToken } = JSON.parse(answer.text);
      const own = await timed(`/editions/2020/registrations/${id}`, {
        headers: { authorization: `Bearer ${manageToken}` },
      });
      expect(own.status).toBe(200);
      const again = await timed('/editions/2020/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(clients[index]?.someone),
      });
      expect(again.status).toBe(409);
    }
    expect((await taken()) - before).toBe(clients.length);
  });

  it('neither loses nor doubles a submission when the database freezes mid-burst', async () => {
    const clients = Array.from({ length: 30 }, (_, index) => ({
      body: aSubmission(),
      key: `submission-freeze-${index}`,
    }));
    let answered = 0;
    let frozen: () => void = () => {};
    const freezing = new Promise<void>((resolve) => {
      frozen = resolve;
    });
    const burst = Promise.all(
      clients.map(async ({ body, key }) => {
        const answer = await submit(body, key);
        answered += 1;
        if (answered === 3) frozen();
        return answer;
      }),
    );
    await freezing;
    stack.signalDynamoDb('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    stack.signalDynamoDb('SIGCONT');
    const first = await burst;
    for (const answer of first) {
      expect([201, 503]).toContain(answer.status);
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS + 2_500);
    }
    // Each client retries with its key until it is settled: one submission each, its link opens it.
    const final = await Promise.all(
      clients.map(async ({ body, key }, index) => {
        let answer = first[index] ?? (await submit(body, key));
        for (let attempt = 0; attempt < 10 && answer.status !== 201; attempt += 1) {
          expect([409, 503]).toContain(answer.status);
          await new Promise((resolve) => setTimeout(resolve, Number(answer.retryAfter) * 1000));
          answer = await submit(body, key);
        }
        return answer;
      }),
    );
    expect(final.map((answer) => answer.status)).toEqual(clients.map(() => 201));
    const ids = final.map((answer) => JSON.parse(answer.text).id as string);
    expect(new Set(ids).size).toBe(clients.length);
    for (const [index, answer] of final.entries()) {
      const { id, manageToken } = JSON.parse(answer.text);
      const own = await timed(`/editions/2020/submissions/${id}`, {
        headers: { authorization: `Bearer ${manageToken}` },
      });
      expect(own.status).toBe(200);
      // The same title from the same speaker without the key is the same submission: refused.
      expect((await submit(clients[index]?.body, `another-key-${index}`)).status).toBe(409);
    }
  });

  it('answers 503 quickly once the database is killed, and keeps serving the docs', async () => {
    stack.signalDynamoDb('SIGKILL');
    // Past the staleness bound of the last check (the edition page checks the head too): the
    // agenda is not served from memory any more.
    await new Promise((resolve) => setTimeout(resolve, VERSION_CHECK_MS + 200));
    const answers = await Promise.all([
      timed('/editions/2020/agenda'),
      timed('/editions/2020/talks'),
      register(hpcwPerson(), 'killed-1'),
    ]);
    for (const answer of answers) expectUnavailable(answer);
    expect((await timed('/docs')).status).toBe(200);
    const again = await timed('/editions/2020/agenda');
    expectUnavailable(again);
  });
});
