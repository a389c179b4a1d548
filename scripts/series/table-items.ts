import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';

/** Raw items (the wire's attribute values, never unmarshalled) and how to compare them. */

export type Item = Record<string, AttributeValue>;

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** One attribute value in a form that equal values share: sets sorted, binary as base64. */
function canonicalValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: [...value.SS].sort() };
  if (value.NS !== undefined) return { NS: [...value.NS].sort() };
  if (value.BS !== undefined) return { BS: value.BS.map(base64).sort() };
  if (value.L !== undefined) return { L: value.L.map(canonicalValue) };
  if (value.M !== undefined) return { M: canonicalItem(value.M) };
  throw new Error(`An attribute value of a type this command does not know: ${Object.keys(value)}`);
}

function canonicalItem(item: Item): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(item)
      .sort()
      .map((name) => [name, canonicalValue(item[name] as AttributeValue)]),
  );
}

/** The item as one string: two items are the same exactly when their strings are. */
export const canonical = (item: Item) => JSON.stringify(canonicalItem(item));

/** `pk` and `sk` of an item, as strings (the table's keys are strings, checked beforehand). */
export const keyOf = (item: Item) => ({ pk: item.pk?.S ?? '', sk: item.sk?.S ?? '' });

export const keyText = ({ pk, sk }: { pk: string; sk: string }) => `${pk} ${sk}`;

/** Every item of a table: parallel Scan segments, each page after page, consistently read. */
export async function scanTable(
  client: DynamoDBClient,
  tableName: string,
  segments: number,
  onItem: (item: Item) => void,
): Promise<void> {
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Item | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            Segment: segment,
            TotalSegments: segments,
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) onItem(item);
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
}

export async function getItem(client: DynamoDBClient, tableName: string, item: Item) {
  const { Item: found } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: item.pk as AttributeValue, sk: item.sk as AttributeValue },
      ConsistentRead: true,
    }),
  );
  return found;
}
