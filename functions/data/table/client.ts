import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '#functions/contract.ts';
import { circuitBreaker, inFlightLimit } from './flow-control.ts';
import { deadlineFrom, isUnreachable, retried } from './retry.ts';

/**
 * How long one DynamoDB attempt may take, in Lambda as locally. A single-digit-millisecond
 * service that has not connected within a second or answered within two is down or frozen: the
 * attempt fails as a TimeoutError and retry.ts decides, within the request's budget, whether to
 * try again: its `retries` middleware wraps every call, the document client's too (they share the
 * stack), outermost, so that each attempt is built, signed and let through the flow control anew.
 * The SDK makes one attempt per call so that retry.ts is the only retry layer.
 * flow-control.ts explains the in-flight limit and the circuit breaker.
 */
export const DYNAMODB_LIMITS = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  maxInFlight: 16,
  circuitThreshold: 3,
  circuitCoolDownMs: 2_000,
} as const;

/** The table a store works on, and the client it reaches it with. */
export interface TableAccess {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** A document client that drops undefined attributes, as the stored model never has them. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const agent = { keepAlive: true, maxSockets: DYNAMODB_LIMITS.maxInFlight };
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout: DYNAMODB_LIMITS.connectionTimeoutMs,
        requestTimeout: DYNAMODB_LIMITS.requestTimeoutMs,
        // Without this the SDK only logs a warning when the request timeout passes, and waits on.
        throwOnRequestTimeout: true,
        httpAgent: agent,
        httpsAgent: agent,
      },
      ...config,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const slots = inFlightLimit(DYNAMODB_LIMITS.maxInFlight);
  const circuit = circuitBreaker({
    threshold: DYNAMODB_LIMITS.circuitThreshold,
    coolDownMs: DYNAMODB_LIMITS.circuitCoolDownMs,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      await slots.acquire(deadlineFrom());
      try {
        const { probe } = circuit.admit();
        try {
          const result = await next(args);
          circuit.succeeded(probe);
          return result;
        } catch (error) {
          if (isUnreachable(error)) circuit.failed(probe);
          else circuit.succeeded(probe);
          throw error;
        }
      } finally {
        slots.release();
      }
    },
    { step: 'finalizeRequest', name: 'flowControl', priority: 'low' },
  );
  client.middlewareStack.add((next) => (args) => retried(() => next(args)), {
    step: 'initialize',
    name: 'retries',
    priority: 'high',
  });
  return client;
}

/**
 * The table of a Lambda function: one client per process, the table from TABLE_NAME. Each
 * handler builds only the stores it uses on it, so that its bundle carries no other store.
 */
export function lambdaTable(): TableAccess {
  return { client: createDocumentClient(), tableName: requiredEnv('TABLE_NAME') };
}
