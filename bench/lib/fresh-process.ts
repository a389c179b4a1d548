import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/**
 * A function's environment in a fresh process against the local stack's DynamoDB Local, as the
 * cold-start benchmarks run it: the table, local credentials, and the key and URL the stack sets.
 */
export function functionEnvironment(table: {
  tableName: string;
  dynamoDbEndpoint: string;
}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TABLE_NAME: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: table.dynamoDbEndpoint,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    EMAIL_HASH_KEY: 'bench',
    PUBLIC_URL: 'https://hpcw.example.org',
    LOG_LEVEL: 'warn',
  };
}

export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From spawning the process to its exit. */
  ms: number;
}

/** `node …args` in a fresh process, with what it printed and how long it took. */
export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<NodeRun> {
  return new Promise((resolveRun) => {
    const started = performance.now();
    const running = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    running.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    running.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    running.on('exit', (code) =>
      resolveRun({ code, stdout, stderr, ms: performance.now() - started }),
    );
  });
}
