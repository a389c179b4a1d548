import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFunction, type LocalFunctionSpec } from '../../../scripts/stack-local/lambda-host.ts';

/**
 * A local Lambda runs its asset in a worker thread with the template's environment only, and its
 * timeout and memory size are enforced as Lambda enforces them.
 */

const directory = mkdtempSync(join(tmpdir(), 'lambda-host-'));
writeFileSync(
  join(directory, 'index.mjs'),
  `export const handler = async (event, context) => {
  if (event.kind === 'env') return { table: process.env.TABLE_NAME, home: process.env.HOME ?? null, remaining: context.getRemainingTimeInMillis() > 0, now: Date.now() };
  if (event.kind === 'sleep') { await new Promise((resolve) => setTimeout(resolve, 5000)); return 'late'; }
  if (event.kind === 'hog') { const kept = []; for (;;) kept.push(new Array(1e6).fill(Math.random())); }
  if (event.kind === 'throw') throw new TypeError('bad input');
  return { echo: event };
};
`,
);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const functions: LocalFunction[] = [];
const make = (overrides: Partial<LocalFunctionSpec> = {}) => {
  const fn = new LocalFunction(
    {
      name: 'test-function',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:test-function',
      codeDirectory: directory,
      handler: 'index.handler',
      memoryMb: 128,
      timeoutSeconds: 5,
      environment: { TABLE_NAME: 'the-table' },
      concurrency: 2,
      clockOffsetMs: 0,
      ...overrides,
    },
    () => undefined,
  );
  functions.push(fn);
  return fn;
};
afterAll(async () => {
  await Promise.all(functions.map((fn) => fn.close()));
});

describe('LocalFunction', () => {
  it("runs the handler with the template's environment and nothing of the runner's", async () => {
    const outcome = await make().invoke({ kind: 'env' });
    expect(outcome).toMatchObject({
      ok: true,
      result: { table: 'the-table', home: null, remaining: true },
    });
  });

  it('runs its clock from --now', async () => {
    const offset = new Date('2020-04-01T10:00:00Z').getTime() - Date.now();
    const outcome = await make({ clockOffsetMs: offset }).invoke({ kind: 'env' });
    const now = (outcome as { result: { now: number } }).result.now;
    expect(new Date(now).getUTCFullYear()).toBe(2020);
  });

  it('ends an invocation at its timeout, and the next one runs in a fresh environment', async () => {
    const fn = make({ timeoutSeconds: 1 });
    const outcome = await fn.invoke({ kind: 'sleep' });
    expect(outcome).toEqual({
      ok: false,
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 1.00 seconds',
    });
    expect(await fn.invoke({ kind: 'echo' })).toEqual({
      ok: true,
      result: { echo: { kind: 'echo' } },
    });
  }, 30_000);

  it('fails an invocation that outgrows its memory size', async () => {
    const outcome = await make({ memoryMb: 32, timeoutSeconds: 20 }).invoke({ kind: 'hog' });
    expect(outcome).toMatchObject({ ok: false, errorType: 'Runtime.OutOfMemory' });
  }, 30_000);

  it('reports what the handler throws by its type and message', async () => {
    expect(await make().invoke({ kind: 'throw' })).toEqual({
      ok: false,
      errorType: 'TypeError',
      errorMessage: 'bad input',
    });
  });

  it('says when the handler named in the template is not in the asset', async () => {
    const outcome = await make({ handler: 'missing.handler' }).invoke({});
    expect(outcome).toMatchObject({ ok: false, errorType: 'Runtime.ImportModuleError' });
  });
});
