import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { editionItems } from '#functions/data/editions/edition-store.ts';
import { HEAD_SK, SEAT_COUNTER_SK } from '#functions/data/table/keys.ts';
import { parseEditionFile } from '#shared/edition/parse.ts';
import { publishEdition, summarize } from '#shared/edition/published.ts';
import { costOfCommands, type DynamoCost } from './lib/dynamo-meter.ts';

/**
 * Warm throughput of GET agenda, handled in-process as Lambda would (an HTTP API event through the
 * handler) with a mocked DynamoDB client, side by side with (a) a bare Hono route returning the same
 * bytes, prebuilt once, and (b) Express + serverless-http doing the same Query.
 */

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface ThroughputRow {
  name: string;
  perSecond: number;
  /** Ours ÷ this subject: the median of the rounds' ratios (each round runs every subject). */
  oursOver: number;
  /** DynamoDB calls per request, from the mock's history (a mock consumes no capacity). */
  cost: DynamoCost;
}

export async function measureWarmThroughput(requests = 12_000): Promise<ThroughputRow[]> {
  process.env.TABLE_NAME = 'bench';
  process.env.PUBLIC_URL = 'https://hpcw.example.org';
  process.env.AWS_REGION ??= 'local';
  process.env.LOG_LEVEL = 'warn';
  const edition = publishEdition(
    parseEditionFile('editions/hpcw-2020.yaml', readFileSync('editions/hpcw-2020.yaml', 'utf8')),
  );
  const partition = [...editionItems(edition)].filter((item) => item.pk === 'EDITION#2020');
  const dynamo = mockClient(DynamoDBDocumentClient);
  dynamo.on(QueryCommand).resolves({ Items: partition });
  // The edition head names the version published and its release, finished, as a release leaves
  // it; the seat counter holds the counts; any other item (the stored document) is absent.
  dynamo.on(GetCommand).callsFake(({ Key }: { Key: { pk: string; sk: string } }) => {
    if (Key.pk === 'EDITION#2020' && Key.sk === HEAD_SK) {
      return { Item: { version: edition.details.version, release: 1, completed: 1 } };
    }
    if (Key.sk === SEAT_COUNTER_SK)
      return { Item: { seatCapacity: 100, confirmed: 0, waitlisted: 0 } };
    return {};
  });

  const bytes = new TextEncoder().encode(
    JSON.stringify({
      edition: summarize(edition.details),
      sessions: edition.sessions,
      slots: edition.slots,
    }),
  );
  const bare = new Hono();
  bare.get('/editions/:year/agenda', (c) =>
    c.body(bytes, 200, { 'content-type': 'application/json' }),
  );

  const handlers: [string, LambdaHandler][] = [
    [
      'ours: public function, GET agenda',
      (await import('#functions/public/handler.ts')).handler as LambdaHandler,
    ],
    ['bare Hono route, same bytes prebuilt', handle(bare) as LambdaHandler],
    [
      'Express + serverless-http, same Query',
      (await import('./bare/express-agenda.ts')).handler as LambdaHandler,
    ],
  ];
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/editions/2020/agenda',
    rawQueryString: '',
    headers: { host: 'bench.local', accept: 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      http: {
        method: 'GET',
        path: '/editions/2020/agenda',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      stage: '$default',
      requestId: 'r',
      routeKey: '$default',
      timeEpoch: 0,
    },
  };
  const rate = new Map<string, number[]>(handlers.map(([name]) => [name, []]));
  const commands = new Map<string, string[]>(handlers.map(([name]) => [name, []]));
  let counted = 0;
  // Short rounds alternate the handlers, so that drift on a shared machine hits each alike, and
  // the ratios are taken round by round.
  const rounds = 25;
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, handler] of handlers) {
      const count = round === 0 ? 300 : Math.ceil(requests / (rounds - 1));
      dynamo.resetHistory();
      const started = performance.now();
      for (let index = 0; index < count; index += 1) {
        const result = (await handler(event, {})) as { statusCode: number };
        if (result.statusCode !== 200) throw new Error(`${name} answered ${result.statusCode}`);
      }
      if (round > 0) {
        rate.get(name)?.push(count / ((performance.now() - started) / 1000));
        commands.get(name)?.push(...dynamo.calls().map((call) => call.args[0].constructor.name));
        if (name === handlers[0]?.[0]) counted += count;
      }
    }
  }
  dynamo.restore();
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const ours = rate.get(handlers[0]?.[0] ?? '') ?? [];
  return handlers.map(([name]) => {
    const own = rate.get(name) ?? [];
    return {
      name,
      perSecond: median(own),
      oursOver: median(ours.map((value, index) => value / (own[index] ?? value))),
      // Every subject answers the same number of requests per round.
      cost: costOfCommands(commands.get(name) ?? [], counted),
    };
  });
}

if (import.meta.main) {
  const rows = await measureWarmThroughput();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
  else console.table(rows);
}
