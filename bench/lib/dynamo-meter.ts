import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * What requests cost in DynamoDB, read from SDK middleware on the client the local stack's apps
 * share (`LocalStack.client`): every command asks for its consumed capacity (TOTAL), and the
 * meter counts calls and capacity units under the label of what is being measured. Reads and
 * writes are told apart by the command, so that a row can say RCU and WCU separately.
 */

export interface DynamoCost {
  /** Requests the label covered (set by the caller). */
  requests: number;
  /** DynamoDB calls per request. */
  calls: number;
  /** Read capacity units per request. */
  readUnits: number;
  /** Write capacity units per request. */
  writeUnits: number;
  /** Calls per request of each command, e.g. { GetItem: 0.02 }. */
  commands: Record<string, number>;
}

const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

type Call = { label: string; command: string; capacity: number };

export function meterDynamo(client: DynamoDBDocumentClient) {
  let label = '';
  const calls: Call[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'TOTAL';
      const own = label;
      const result = await next(args);
      const output = result.output as {
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
      };
      const consumed = [output.ConsumedCapacity ?? []].flat();
      calls.push({
        label: own,
        command: (context.commandName ?? '?').replace(/Command$/, ''),
        capacity: consumed.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0),
      });
      return result;
    },
    { step: 'initialize', name: 'benchDynamoMeter', override: true },
  );
  return {
    /** Calls from now on count under `next` ('' counts nowhere). */
    label(next: string) {
      label = next;
    },
    /** The cost per request of what ran under `of`, over `requests` requests. */
    cost(of: string, requests: number): DynamoCost {
      const own = calls.filter((call) => call.label === of);
      const per = (value: number) => value / Math.max(1, requests);
      const commands: Record<string, number> = {};
      for (const call of own) commands[call.command] = (commands[call.command] ?? 0) + 1;
      for (const command of Object.keys(commands)) commands[command] = per(commands[command] ?? 0);
      const sum = (write: boolean) =>
        own
          .filter((call) => WRITES.has(call.command) === write)
          .reduce((total, call) => total + call.capacity, 0);
      return {
        requests,
        calls: per(own.length),
        readUnits: per(sum(false)),
        writeUnits: per(sum(true)),
        commands,
      };
    },
  };
}

/** "0.02 GetItem, 0.5 RCU" for a table cell. */
export function costText(cost: DynamoCost): string {
  const commands = Object.entries(cost.commands)
    .map(([command, count]) => `${Number(count.toFixed(3))} ${command}`)
    .join(' + ');
  if (!commands) return '0 calls';
  const units = [
    cost.readUnits > 0 ? `${Number(cost.readUnits.toFixed(2))} RCU` : '',
    cost.writeUnits > 0 ? `${Number(cost.writeUnits.toFixed(2))} WCU` : '',
  ].filter(Boolean);
  return [commands, ...units].join(', ');
}
