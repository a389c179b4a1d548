import {
  DynamoDBClient,
  type DynamoDBClientConfig,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDocumentClient } from '#functions/data/table/client.ts';

/**
 * Faults injected into a DynamoDB client on the real DynamoDB Local, by command name: a call that
 * fails before it reaches the database, or one that is done there and whose answer never arrives.
 */

export type Fault = (command: string) => Error | undefined;

export const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
export const connectionReset = () =>
  Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

/** The commands that write. */
export const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

export function faultInjector(client: DynamoDBDocumentClient) {
  let fault: Fault = () => undefined;
  let lostAnswer: Fault = () => undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const error = fault(context.commandName ?? '');
      if (error) throw error;
      const result = await next(args);
      const lost = lostAnswer(context.commandName ?? '');
      if (lost) throw lost;
      return result;
    },
    { step: 'initialize', name: 'faultInjector' },
  );
  return {
    /** The call fails before it reaches the database. */
    inject: (next: Fault) => {
      fault = next;
    },
    /** The call reaches DynamoDB and is done there, but its answer never arrives. */
    loseAnswers: (next: Fault) => {
      lostAnswer = next;
    },
  };
}

/** The document client's command for each command the DynamoDB client runs underneath. */
const DOCUMENT_COMMANDS = {
  GetItemCommand: GetCommand,
  PutItemCommand: PutCommand,
  UpdateItemCommand: UpdateCommand,
  DeleteItemCommand: DeleteCommand,
  QueryCommand,
  ScanCommand,
  BatchGetItemCommand: BatchGetCommand,
  BatchWriteItemCommand: BatchWriteCommand,
  TransactGetItemsCommand: TransactGetCommand,
  TransactWriteItemsCommand: TransactWriteCommand,
} as const;

/**
 * Faults without DynamoDB Local: a document client built as the functions build theirs, whose
 * calls an aws-sdk-client-mock stub (`dynamo`) answers in place of the wire. The stub sits below
 * the client's retry middleware, so it sees every attempt, as DynamoDB would (mocking the client
 * itself would replace `send`, retries and all).
 */
export function stubbedDocumentClient(config: DynamoDBClientConfig = {}) {
  const wire = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const dynamo = mockClient(wire);
  const client = createDocumentClient({ region: 'local', ...config });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const name = context.commandName as keyof typeof DOCUMENT_COMMANDS;
      const Command = DOCUMENT_COMMANDS[name];
      if (!Command) throw new Error(`No stub for ${String(name)}.`);
      // Looked up at each call: the stub's reset() puts a new stub in place.
      const send = wire.send as (command: object) => Promise<unknown>;
      const output = await send.call(wire, new Command(args.input as never));
      return { output: output as never, response: {} };
    },
    { step: 'initialize', name: 'stubbedWire', priority: 'low' },
  );
  return { client, dynamo };
}
