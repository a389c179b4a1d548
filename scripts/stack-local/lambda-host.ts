import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { InvocationOutcome, WorkerSetup } from './lambda-worker.ts';

/**
 * A Lambda function run locally from its built asset: each execution environment is a worker
 * thread (lambda-worker.ts) with the function's environment, its memory size as the heap limit,
 * one invocation at a time; a busy function gets another environment, up to its concurrency.
 * An invocation that outlives the function's timeout ends its environment, as Lambda ends the
 * sandbox ("Task timed out"); one that runs out of memory likewise.
 */

export interface LocalFunctionSpec {
  /** The function's name (its Ref), which logs and errors show. */
  name: string;
  arn: string;
  codeDirectory: string;
  handler: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** The template's variables, resolved, and the runtime's (credentials, endpoint, region). */
  environment: Record<string, string>;
  /** How many environments may run at once (reserved concurrency, or the local default). */
  concurrency: number;
  clockOffsetMs: number;
}

export type InvokeOutcome =
  | { ok: true; result: unknown }
  | { ok: false; errorType: string; errorMessage: string };

interface Environment {
  worker: Worker;
  busy: boolean;
  /** Settles once the asset is imported (the init phase, which the timeout does not count). */
  ready: Promise<void>;
  pending?: { id: number; settle(outcome: InvokeOutcome): void; timer: NodeJS.Timeout };
}

const WORKER_URL = new URL('./lambda-worker.ts', import.meta.url);
const INIT_LIMIT_MS = 10_000;

export class LocalFunction {
  private readonly environments: Environment[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private closed = false;

  readonly spec: LocalFunctionSpec;
  private readonly log: (entry: Record<string, unknown>) => void;

  constructor(spec: LocalFunctionSpec, log: (entry: Record<string, unknown>) => void) {
    this.spec = spec;
    this.log = log;
  }

  private start(): Environment {
    const setup: WorkerSetup = {
      codeDirectory: this.spec.codeDirectory,
      handler: this.spec.handler,
      functionName: this.spec.name,
      functionArn: this.spec.arn,
      memoryMb: this.spec.memoryMb,
      timeoutMs: this.spec.timeoutSeconds * 1000,
      clockOffsetMs: this.spec.clockOffsetMs,
    };
    const worker = new Worker(WORKER_URL, {
      workerData: setup,
      env: this.spec.environment,
      resourceLimits: { maxOldGenerationSizeMb: this.spec.memoryMb },
      stdout: true,
      stderr: true,
    });
    // The function's output, line by line through this process's console (its log lines are
    // what Lambda would send to CloudWatch; the tests' log capture reads them there).
    createInterface({ input: worker.stdout }).on('line', (line) => console.log(line));
    createInterface({ input: worker.stderr }).on('line', (line) => console.error(line));
    worker.unref();
    let initialized = () => {};
    const ready = new Promise<void>((resolveReady) => {
      initialized = resolveReady;
    });
    // Lambda's init phase is capped at ten seconds: past them the invocation is timed anyway.
    const initTimer = setTimeout(() => initialized(), INIT_LIMIT_MS);
    const environment: Environment = { worker, busy: false, ready };
    worker.on('message', (outcome: InvocationOutcome | { ready: true }) => {
      if ('ready' in outcome) {
        clearTimeout(initTimer);
        initialized();
        return;
      }
      const pending = environment.pending;
      if (!pending || pending.id !== outcome.id) return;
      clearTimeout(pending.timer);
      environment.pending = undefined;
      pending.settle(
        'error' in outcome ? { ok: false, ...outcome.error } : { ok: true, result: outcome.result },
      );
    });
    const ended = (reason: string, errorType: string) => {
      clearTimeout(initTimer);
      initialized();
      this.remove(environment);
      const pending = environment.pending;
      if (!pending) return;
      clearTimeout(pending.timer);
      environment.pending = undefined;
      pending.settle({ ok: false, errorType, errorMessage: reason });
    };
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.log({
        message: outOfMemory ? 'function ran out of memory' : 'function crashed',
        function: this.spec.name,
        memoryMb: this.spec.memoryMb,
        error: error.message,
      });
      ended(
        outOfMemory ? 'Runtime exited: out of memory' : `Runtime exited: ${error.message}`,
        outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
      );
    });
    worker.on('exit', () => ended('Runtime exited', 'Runtime.ExitError'));
    this.environments.push(environment);
    return environment;
  }

  private remove(environment: Environment) {
    const index = this.environments.indexOf(environment);
    if (index >= 0) this.environments.splice(index, 1);
    this.waiting.shift()?.();
  }

  private async acquire(): Promise<Environment> {
    for (;;) {
      if (this.closed) throw new Error(`${this.spec.name} is stopped`);
      const idle = this.environments.find((environment) => !environment.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.environments.length < this.spec.concurrency) {
        const started = this.start();
        started.busy = true;
        return started;
      }
      await new Promise<void>((resolveWait) => this.waiting.push(resolveWait));
    }
  }

  /** Invokes the function with `event` (RequestResponse), as Lambda would. */
  async invoke(event: unknown): Promise<InvokeOutcome> {
    const environment = await this.acquire();
    await environment.ready;
    if (!this.environments.includes(environment)) {
      return {
        ok: false,
        errorType: 'Runtime.ExitError',
        errorMessage: 'Runtime exited during init',
      };
    }
    const id = this.nextId++;
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const outcome = await new Promise<InvokeOutcome>((settle) => {
      const timer = setTimeout(() => {
        this.log({ message: 'function timed out', function: this.spec.name, timeoutMs });
        environment.pending = undefined;
        settle({
          ok: false,
          errorType: 'Sandbox.Timedout',
          errorMessage: `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`,
        });
        this.remove(environment);
        void environment.worker.terminate();
      }, timeoutMs);
      environment.pending = { id, settle, timer };
      environment.worker.postMessage({ id, event });
    });
    if (this.environments.includes(environment)) {
      environment.busy = false;
      this.waiting.shift()?.();
    }
    if (!outcome.ok) {
      this.log({
        message: 'function failed',
        function: this.spec.name,
        errorType: outcome.errorType,
        errorMessage: outcome.errorMessage,
      });
    }
    return outcome;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.waiting.splice(0)) waiting();
    await Promise.all(this.environments.map(({ worker }) => worker.terminate()));
    this.environments.length = 0;
  }
}
