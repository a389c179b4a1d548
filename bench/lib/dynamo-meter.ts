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
  /** False where nothing consumed capacity to read it from (a mocked SDK): calls only. */
  metered?: boolean;
}

const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** One DynamoDB call: its label, command, consumed capacity and, for a keyed call, its item. */
export type MeteredCall = { label: string; command: string; capacity: number; key?: string };

/** The DynamoDB operation of a document client command (`GetCommand` is a GetItem). */
const OPERATIONS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/** A cost from calls already counted (e.g. a mock's history): calls only, nothing metered. */
export function costOfCommands(commandNames: string[], requests: number): DynamoCost {
  const per = (value: number) => value / Math.max(1, requests);
  const commands: Record<string, number> = {};
  for (const name of commandNames) {
    const bare = name.replace(/Command$/, '');
    const command = OPERATIONS[bare] ?? bare;
    commands[command] = (commands[command] ?? 0) + 1;
  }
  for (const command of Object.keys(commands)) commands[command] = per(commands[command] ?? 0);
  return {
    requests,
    calls: per(commandNames.length),
    readUnits: 0,
    writeUnits: 0,
    commands,
    metered: false,
  };
}

/** The cost per request of `calls` over `requests` requests. */
function costOf(calls: MeteredCall[], requests: number): DynamoCost {
  const per = (value: number) => value / Math.max(1, requests);
  const sum = (write: boolean) =>
    calls
      .filter((call) => WRITES.has(call.command) === write)
      .reduce((total, call) => total + call.capacity, 0);
  return {
    ...costOfCommands(
      calls.map((call) => call.command),
      requests,
    ),
    readUnits: per(sum(false)),
    writeUnits: per(sum(true)),
    metered: true,
  };
}

/**
 * One meter over any number of clients (`attach` each: a Lambda handler makes its own), so
 * that a request's calls count under one label whichever client made them.
 */
export function createMeter() {
  let label = '';
  const calls: MeteredCall[] = [];
  return {
    attach(client: DynamoDBDocumentClient) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const input = args.input as {
            ReturnConsumedCapacity?: string;
            Key?: { pk?: unknown; sk?: unknown };
          };
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
            ...(input.Key ? { key: `${String(input.Key.pk)}/${String(input.Key.sk)}` } : {}),
          });
          return result;
        },
        { step: 'initialize', name: 'benchDynamoMeter', override: true },
      );
    },
    /** Calls from now on count under `next` ('' counts nowhere). */
    label(next: string) {
      label = next;
    },
    /** The calls counted under `of`, in order. */
    calls(of: string): MeteredCall[] {
      return calls.filter((call) => call.label === of);
    },
    /** The cost per request of what ran under `of`, over `requests` requests. */
    cost(of: string, requests: number): DynamoCost {
      return costOf(
        calls.filter((call) => call.label === of),
        requests,
      );
    },
  };
}

export type DynamoMeter = ReturnType<typeof createMeter>;

/** A meter on one client (the local stack's, which all its apps share). */
export function meterDynamo(client: DynamoDBDocumentClient): DynamoMeter {
  const meter = createMeter();
  meter.attach(client);
  return meter;
}

/** "0.02 GetItem, 0.5 RCU" for a table cell; "calls only" where nothing was metered. */
export function costText(cost: DynamoCost): string {
  const commands = Object.entries(cost.commands)
    .map(([command, count]) => `${Number(count.toFixed(3))} ${command}`)
    .join(' + ');
  if (!commands) return '0 calls';
  if (cost.metered === false) return `${commands} (mocked: no capacity)`;
  const units = [
    cost.readUnits > 0 ? `${Number(cost.readUnits.toFixed(2))} RCU` : '',
    cost.writeUnits > 0 ? `${Number(cost.writeUnits.toFixed(2))} WCU` : '',
  ].filter(Boolean);
  return [commands, ...units].join(', ');
}
