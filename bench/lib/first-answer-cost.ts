import { resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CASES } from '../cold-init.ts';
import { createMeter, type DynamoCost } from './dynamo-meter.ts';
import { functionEnvironment, runNode } from './fresh-process.ts';

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

async function runChild(name: string, env: NodeJS.ProcessEnv): Promise<FirstAnswerCost> {
  const run = await runNode([import.meta.filename, '--child', name], env);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    if (run.code !== 0) throw new Error(`exit ${run.code}`);
    return JSON.parse(last) as FirstAnswerCost;
  } catch (error) {
    throw new Error(`first answer of ${name} failed (${String(error)}): ${run.stderr.slice(-600)}`);
  }
}

async function main() {
  const { LOCAL_TABLE_NAME, startLocalStack } = await import('../../scripts/lib/local-stack.ts');
  process.env.LOG_LEVEL = 'warn';
  const stack = await startLocalStack({ port: 0, secrets: { emailHashKey: 'bench' } });
  try {
    const env = functionEnvironment({
      tableName: LOCAL_TABLE_NAME,
      dynamoDbEndpoint: stack.dynamoDbEndpoint,
    });
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
