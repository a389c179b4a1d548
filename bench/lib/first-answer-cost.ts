import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CASES } from '../cold-init.ts';
import { createMeter, type DynamoCost } from './dynamo-meter.ts';

/**
 * What the first answer of a fresh function calls in DynamoDB (the cost column of the `cold.*`
 * rows): each cold-init case (bench/cold-init.ts `CASES`: the same entry, the same event) runs
 * in-process from its source in a fresh Node process against DynamoDB Local, with the meter
 * (dynamo-meter.ts) attached to every document client the function makes, so that calls and
 * consumed capacity are read, not guessed. Untimed: cold-init.ts times the bundles apart.
 *
 * `node bench/lib/first-answer-cost.ts --json` starts its own local stack; with `--child NAME`
 * it is the fresh process of one case.
 */

export interface FirstAnswerCost {
  name: string;
  status: number;
  cost: DynamoCost;
}

type Case = { entry: string; event: unknown };
const cases = CASES as Record<string, Case>;

/** The fresh process: meter every document client, import the handler, answer one event. */
async function child(name: string) {
  const chosen = cases[name];
  if (!chosen) throw new Error(`no cold-init case ${name}`);
  const meter = createMeter();
  const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
  DynamoDBDocumentClient.from = (...args: Parameters<typeof from>) => {
    const client = from(...args);
    meter.attach(client);
    return client;
  };
  meter.label('first answer');
  const { handler } = (await import(resolve(chosen.entry))) as {
    handler: (event: unknown, context: unknown) => Promise<{ statusCode: number }>;
  };
  const result = await handler(chosen.event, {});
  const row: FirstAnswerCost = {
    name,
    status: result.statusCode,
    cost: meter.cost('first answer', 1),
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
  // Keep-alive sockets and timers of the function must not hold the process.
  process.exit(0);
}

function runChild(name: string, env: NodeJS.ProcessEnv): Promise<FirstAnswerCost> {
  return new Promise((resolveRun, reject) => {
    const started = spawn(process.execPath, [import.meta.filename, '--child', name], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    started.stdout.on('data', (chunk) => {
      output += chunk;
    });
    started.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    started.on('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolveRun(JSON.parse(last) as FirstAnswerCost);
      } catch (error) {
        reject(
          new Error(`first answer of ${name} failed (${String(error)}): ${errors.slice(-600)}`),
        );
      }
    });
  });
}

async function main() {
  const { LOCAL_TABLE_NAME, startLocalStack } = await import('../../scripts/lib/local-stack.ts');
  process.env.LOG_LEVEL = 'warn';
  const stack = await startLocalStack({ port: 0, secrets: { emailHashKey: 'bench' } });
  try {
    const env = {
      PATH: process.env.PATH,
      TABLE_NAME: LOCAL_TABLE_NAME,
      AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoDbEndpoint,
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      EMAIL_HASH_KEY: 'bench',
      PUBLIC_URL: 'https://hpcw.example.org',
      LOG_LEVEL: 'warn',
    };
    const rows: FirstAnswerCost[] = [];
    for (const name of Object.keys(cases)) rows.push(await runChild(name, env));
    console.log(process.argv.includes('--json') ? JSON.stringify(rows) : rows);
  } finally {
    await stack.stop();
  }
}

if (import.meta.main) {
  const at = process.argv.indexOf('--child');
  await (at >= 0 ? child(String(process.argv[at + 1])) : main());
}
