import type { IncomingMessage } from 'node:http';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PartitionKeys } from './dynamodb.ts';
import type { ErrorReply, Protocol } from './replies.ts';
import { invalidationTarget } from './services.ts';
import { SesError } from './ses.ts';
import { SqsError } from './sqs-queues.ts';

/** Which service and operation a request is for, and the errors that answer it early. */

export type Json = Record<string, unknown>;

export interface Route {
  service: 'dynamodb' | 'streams' | 'sqs' | 'secretsmanager' | 'ses' | 'cloudfront';
  protocol: Protocol;
  /** The service name the credential scope must carry. */
  signingName: string;
  operation: string;
}

const TARGETS: Record<string, Omit<Route, 'operation'>> = {
  DynamoDB_20120810: { service: 'dynamodb', protocol: 'json1.0', signingName: 'dynamodb' },
  DynamoDBStreams_20120810: { service: 'streams', protocol: 'json1.0', signingName: 'dynamodb' },
  AmazonSQS: { service: 'sqs', protocol: 'json1.0', signingName: 'sqs' },
  secretsmanager: { service: 'secretsmanager', protocol: 'json1.1', signingName: 'secretsmanager' },
};

/** The service and operation of a request, or undefined for none this endpoint serves. */
export function routeOf(request: IncomingMessage, path: string): Route | undefined {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix = '', operation = ''] = target.split('.');
    const route = TARGETS[prefix];
    return route && /^[A-Za-z]{1,64}$/.test(operation) ? { ...route, operation } : undefined;
  }
  if (request.method !== 'POST') return undefined;
  // SQS's query protocol: form-encoded, its Action in the body.
  if (String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
    return { service: 'sqs', protocol: 'query', signingName: 'sqs', operation: 'Query' };
  }
  if (path === '/v2/email/outbound-emails') {
    return { service: 'ses', protocol: 'rest-json', signingName: 'ses', operation: 'SendEmail' };
  }
  if (invalidationTarget(path)) {
    return {
      service: 'cloudfront',
      protocol: 'rest-xml',
      signingName: 'cloudfront',
      operation: 'CreateInvalidation',
    };
  }
  return undefined;
}

export const NAMESPACES: Partial<Record<Route['service'], string>> = {
  dynamodb: 'com.amazonaws.dynamodb.v20120810',
  streams: 'com.amazonaws.dynamodb.v20120810',
  sqs: 'com.amazonaws.sqs',
};

/** An answer made of an error: for routing, authorization and parsing. */
export class Refused extends Error {
  readonly reply: ErrorReply;
  constructor(reply: ErrorReply) {
    super(reply.message);
    this.reply = reply;
  }
}

export const clientError = (code: string, message: string, status = 400) =>
  new Refused({ status, code, message });

export function parseJson(body: Buffer): Json {
  try {
    const parsed: unknown = JSON.parse(body.length ? body.toString('utf8') : '{}');
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Json;
  } catch {
    // Answered below.
  }
  throw clientError('SerializationException', 'The request body is not a JSON object.');
}

export function sqsRefusal(error: unknown): Refused {
  if (!(error instanceof SqsError)) throw error;
  const { code, message, queryCode } = error;
  return new Refused({ status: 400, code, message, queryCode });
}

export function sesRefusal(error: unknown): Refused {
  if (error instanceof SesError)
    return new Refused({ status: error.status, code: error.code, message: error.message });
  throw error;
}

/**
 * Partition keys by table, described once and kept: `forget` after a table changes. A table
 * not found is not remembered (it may be created later).
 */
export function partitionKeysOf(client: DynamoDBClient) {
  const cache = new Map<string, Promise<PartitionKeys | undefined>>();
  return {
    of(table: string) {
      let keys = cache.get(table);
      if (!keys) {
        keys = describeKeys(client, table);
        cache.set(table, keys);
        keys.then(
          (found) => found ?? cache.delete(table),
          () => cache.delete(table),
        );
      }
      return keys;
    },
    forget: () => cache.clear(),
  };
}

/** The partition key of a table and of its indexes, from DynamoDB Local; undefined when absent. */
async function describeKeys(
  client: DynamoDBClient,
  table: string,
): Promise<PartitionKeys | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    const hash = (schema: { AttributeName?: string; KeyType?: string }[] | undefined) =>
      schema?.find((key) => key.KeyType === 'HASH')?.AttributeName ?? '';
    const indexes = [
      ...(Table?.GlobalSecondaryIndexes ?? []),
      ...(Table?.LocalSecondaryIndexes ?? []),
    ];
    return {
      table: hash(Table?.KeySchema),
      indexes: Object.fromEntries(
        indexes.map((index) => [index.IndexName ?? '', hash(index.KeySchema)]),
      ),
    };
  } catch {
    return undefined;
  }
}
