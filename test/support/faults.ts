import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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
