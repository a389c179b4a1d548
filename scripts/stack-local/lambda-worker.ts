import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * One Lambda execution environment, in a worker thread: it imports the function's built asset
 * once (the cold start), then runs one invocation at a time, as Lambda does. Its process.env is
 * the function's (the template's variables and the runtime's), given by the host. With a clock
 * offset (`--now`), Date runs from that instant.
 */

export interface WorkerSetup {
  codeDirectory: string;
  handler: string;
  functionName: string;
  functionArn: string;
  memoryMb: number;
  timeoutMs: number;
  clockOffsetMs: number;
}

export interface Invocation {
  id: number;
  event: unknown;
}

export type InvocationOutcome =
  | { id: number; result: unknown }
  | { id: number; error: { errorType: string; errorMessage: string } };

const setup = workerData as WorkerSetup;

if (setup.clockOffsetMs !== 0) {
  const RealDate = Date;
  const offset = setup.clockOffsetMs;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string]));
    }
    static override now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}

/**
 * A guard: an AWS call made without the SDK that ignores AWS_ENDPOINT_URL (a signed `fetch` to
 * `https://<service>.<region>.amazonaws.com`; functions/data/table/secret.ts reads the variable)
 * reaches the local endpoint too: nothing a function does locally may reach AWS. The original
 * host is kept in `x-stack-local-original-host` (the signature covers it).
 */
const endpoint = process.env.AWS_ENDPOINT_URL;
if (endpoint) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.hostname.endsWith('.amazonaws.com')) return realFetch(input, init);
    const local = new URL(`${url.pathname}${url.search}`, endpoint);
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
    headers.set('x-stack-local-original-host', url.host);
    return realFetch(input instanceof Request ? new Request(local, input) : local, {
      ...init,
      headers,
    });
  };
}

/** `index.handler` -> the module `index.mjs` (or .js, .cjs) in the code folder, export `handler`. */
async function loadHandler(): Promise<(event: unknown, context: unknown) => unknown> {
  const dot = setup.handler.lastIndexOf('.');
  const modulePath = setup.handler.slice(0, dot);
  const exportName = setup.handler.slice(dot + 1);
  const file = ['.mjs', '.js', '.cjs']
    .map((extension) => join(setup.codeDirectory, `${modulePath}${extension}`))
    .find((candidate) => existsSync(candidate));
  if (!file) {
    throw Object.assign(new Error(`Cannot find module '${modulePath}' in the asset`), {
      name: 'Runtime.ImportModuleError',
    });
  }
  const loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const handler =
    loaded[exportName] ?? (loaded.default as Record<string, unknown> | undefined)?.[exportName];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${setup.handler} is undefined or not exported`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return handler as (event: unknown, context: unknown) => unknown;
}

const handler = loadHandler();
// A failed import is each invocation's error (as Lambda reports it), not the thread's end.
handler.catch(() => undefined);
// The host times an invocation from here: Lambda's timeout does not count the init phase.
void handler.finally(() => parentPort?.postMessage({ ready: true })).catch(() => undefined);

parentPort?.on('message', async ({ id, event }: Invocation) => {
  const started = Date.now();
  const context = {
    functionName: setup.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: setup.functionArn,
    memoryLimitInMB: String(setup.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${setup.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, setup.timeoutMs - (Date.now() - started)),
  };
  let outcome: InvocationOutcome;
  try {
    const result = await (await handler)(event, context);
    // What Lambda hands back is the result serialized as JSON.
    outcome = { id, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
  } catch (error) {
    outcome = {
      id,
      error: {
        errorType: error instanceof Error ? error.name : 'Error',
        errorMessage: error instanceof Error ? error.message : String(error),
      },
    };
  }
  parentPort?.postMessage(outcome);
});
