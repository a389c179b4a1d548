import type { Account, Check } from './authorize.ts';

/**
 * What AWS authorizes for a DynamoDB or DynamoDB Streams call: the IAM actions, the resource
 * ARNs and the condition keys (dynamodb:LeadingKeys, EnclosingOperation, ReturnValues, Select,
 * ReturnConsumedCapacity; not dynamodb:Attributes). Request bodies are the JSON protocol's.
 */

type Json = Record<string, unknown>;

/** The partition key attribute of a table and of each of its indexes, by index name. */
export interface PartitionKeys {
  table: string;
  indexes: Record<string, string>;
}

/** Looks a table's keys up (DescribeTable); undefined when the table does not exist. */
export type PartitionKeysOf = (tableName: string) => Promise<PartitionKeys | undefined>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const objectAt = (value: unknown, key: string): Json | undefined =>
  isObject(value) && isObject(value[key]) ? (value[key] as Json) : undefined;
const stringAt = (value: unknown, key: string): string | undefined =>
  isObject(value) && typeof value[key] === 'string' ? (value[key] as string) : undefined;
const arrayAt = (value: unknown, key: string): unknown[] =>
  isObject(value) && Array.isArray(value[key]) ? (value[key] as unknown[]) : [];

/** A table name or a table ARN (the SDK accepts both) as the table's ARN. */
export function tableArn(table: string, where: Account): string {
  return table.startsWith('arn:')
    ? table
    : `arn:aws:dynamodb:${where.region}:${where.account}:table/${table}`;
}

/** The table's name, from a name or an ARN. */
const tableName = (table: string) =>
  table.startsWith('arn:') ? (/:table\/([^/]+)/.exec(table)?.[1] ?? table) : table;

/**
 * A stream ARN as IAM sees it in this account and region. DynamoDB Local names its streams
 * `arn:aws:dynamodb:ddblocal:000000000000:table/T/stream/LABEL`; the table and label are kept.
 */
function streamArn(arn: string, where: Account): string {
  const match = /:table\/([^/|]+)\/stream\/([^|]+)/.exec(arn);
  return match
    ? `arn:aws:dynamodb:${where.region}:${where.account}:table/${match[1]}/stream/${match[2]}`
    : arn;
}

/**
 * Policies as IAM sees them in this account and region: a DynamoDB Local ARN in them (a stream's
 * or a table's, as DescribeTable gives it) named as `streamArn` names the requests' ARNs.
 */
export function withLocalArns<T>(policies: T, where: Account): T {
  const json = JSON.stringify(policies);
  if (!json.includes('arn:aws:dynamodb:ddblocal:')) return policies;
  return JSON.parse(
    json.replaceAll(
      'arn:aws:dynamodb:ddblocal:000000000000:',
      `arn:aws:dynamodb:${where.region}:${where.account}:`,
    ),
  ) as T;
}

/** The scalar of an AttributeValue as a condition key value: S, N or B (base64) as given. */
function scalar(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  for (const type of ['S', 'N', 'B']) {
    if (typeof value[type] === 'string') return value[type] as string;
  }
  return undefined;
}

const partitionValue = (item: unknown, key: string | undefined) =>
  key && isObject(item) ? scalar(item[key]) : undefined;

/**
 * The partition key value a Query's key condition fixes: `pk = :v` (or `:v = pk`), names
 * resolved through ExpressionAttributeNames; the legacy KeyConditions as well.
 */
export function queryPartitionValue(body: Json, key: string): string | undefined {
  const legacy = objectAt(objectAt(body, 'KeyConditions'), key);
  if (legacy) return scalar(arrayAt(legacy, 'AttributeValueList')[0]);
  const expression = stringAt(body, 'KeyConditionExpression');
  if (!expression) return undefined;
  const names = objectAt(body, 'ExpressionAttributeNames') ?? {};
  const values = objectAt(body, 'ExpressionAttributeValues') ?? {};
  const resolve = (token: string) =>
    token.startsWith('#') && typeof names[token] === 'string' ? (names[token] as string) : token;
  const equalities = /([#:]?[\w.]+)\s*=\s*([#:]?[\w.]+)/g;
  for (const [, left = '', right = ''] of expression.matchAll(equalities)) {
    if (resolve(left) === key && right.startsWith(':')) return scalar(values[right]);
    if (resolve(right) === key && left.startsWith(':')) return scalar(values[left]);
  }
  return undefined;
}

/** The optional condition keys a request sets by its parameters. */
function requestContext(body: Json): Record<string, string> {
  const context: Record<string, string> = {};
  for (const parameter of ['ReturnValues', 'Select', 'ReturnConsumedCapacity']) {
    const value = stringAt(body, parameter);
    if (value) context[`dynamodb:${parameter}`] = value;
  }
  return context;
}

const leadingKeys = (values: (string | undefined)[]): Record<string, string[]> => {
  const present = values.filter((value): value is string => value !== undefined);
  return present.length ? { 'dynamodb:LeadingKeys': [...new Set(present)] } : {};
};

/** The item operations of a transaction, each authorized as its own action. */
const TRANSACT_WRITE: Record<string, { action: string; keyField: string }> = {
  Put: { action: 'dynamodb:PutItem', keyField: 'Item' },
  Update: { action: 'dynamodb:UpdateItem', keyField: 'Key' },
  Delete: { action: 'dynamodb:DeleteItem', keyField: 'Key' },
  ConditionCheck: { action: 'dynamodb:ConditionCheckItem', keyField: 'Key' },
};

/** The checks of a DynamoDB (DynamoDB_20120810) call. */
export async function dynamoDbChecks(
  operation: string,
  body: Json,
  where: Account,
  keysOf: PartitionKeysOf,
): Promise<Check[]> {
  const keyOf = async (table: string) => (await keysOf(tableName(table)))?.table;
  switch (operation) {
    case 'TransactWriteItems':
    case 'TransactGetItems': {
      // There is no dynamodb:TransactWriteItems IAM action (the Service Authorization Reference
      // lists none): "Permissions for Put, Update, Delete, and Get actions are governed by the
      // permissions used for the underlying PutItem, UpdateItem, DeleteItem, and GetItem
      // operations. For the ConditionCheck action, you can use the dynamodb:ConditionCheckItem
      // permission" (DynamoDB Developer Guide, "Using IAM with DynamoDB transactions",
      // transaction-apis-iam.html), with dynamodb:EnclosingOperation naming the transaction.
      const checks: Check[] = [];
      for (const entry of arrayAt(body, 'TransactItems')) {
        const [kind, request] = Object.entries(isObject(entry) ? entry : {})[0] ?? [];
        const item =
          operation === 'TransactGetItems' && kind === 'Get'
            ? { action: 'dynamodb:GetItem', keyField: 'Key' }
            : operation === 'TransactWriteItems' && kind
              ? TRANSACT_WRITE[kind]
              : undefined;
        const table = stringAt(request, 'TableName');
        if (!item || !table) continue;
        const key = await keyOf(table);
        checks.push({
          action: item.action,
          resource: tableArn(table, where),
          context: {
            'dynamodb:EnclosingOperation': operation,
            ...leadingKeys([partitionValue(objectAt(request, item.keyField), key)]),
            ...requestContext(isObject(request) ? request : {}),
          },
        });
      }
      return checks;
    }
    case 'BatchWriteItem':
    case 'BatchGetItem': {
      const checks: Check[] = [];
      for (const [table, requests] of Object.entries(objectAt(body, 'RequestItems') ?? {})) {
        const key = await keyOf(table);
        const values =
          operation === 'BatchGetItem'
            ? arrayAt(requests, 'Keys').map((item) => partitionValue(item, key))
            : (Array.isArray(requests) ? requests : []).map((request) =>
                partitionValue(
                  objectAt(objectAt(request, 'PutRequest'), 'Item') ??
                    objectAt(objectAt(request, 'DeleteRequest'), 'Key'),
                  key,
                ),
              );
        checks.push({
          action: `dynamodb:${operation}`,
          resource: tableArn(table, where),
          context: { ...leadingKeys(values), ...requestContext(body) },
        });
      }
      return checks;
    }
    case 'ListTables':
    case 'DescribeLimits':
    case 'DescribeEndpoints':
      return [{ action: `dynamodb:${operation}`, resource: '*' }];
    default: {
      const table = stringAt(body, 'TableName');
      if (!table) return [{ action: `dynamodb:${operation}`, resource: '*' }];
      const arn = tableArn(table, where);
      const index = stringAt(body, 'IndexName');
      const keys = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'].includes(operation)
        ? await keysOf(tableName(table))
        : undefined;
      const key = index ? keys?.indexes[index] : keys?.table;
      const value =
        operation === 'Query'
          ? key && queryPartitionValue(body, key)
          : partitionValue(objectAt(body, operation === 'PutItem' ? 'Item' : 'Key'), key);
      return [
        {
          action: `dynamodb:${operation}`,
          // A Query or Scan of an index is authorized on the index's ARN, not the table's.
          resource: index ? `${arn}/index/${index}` : arn,
          context: { ...leadingKeys([value || undefined]), ...requestContext(body) },
        },
      ];
    }
  }
}

/** The checks of a DynamoDB Streams (DynamoDBStreams_20120810) call, on the stream's ARN. */
export function streamChecks(operation: string, body: Json, where: Account): Check[] {
  if (operation === 'ListStreams') return [{ action: 'dynamodb:ListStreams', resource: '*' }];
  // A shard iterator of DynamoDB Local starts with its stream's ARN: `ARN|001|...`.
  const arn = stringAt(body, 'StreamArn') ?? stringAt(body, 'ShardIterator')?.split('|')[0];
  // Without one, DynamoDB Local answers the ValidationException AWS answers.
  if (!arn) return [];
  return [{ action: `dynamodb:${operation}`, resource: streamArn(arn, where) }];
}
