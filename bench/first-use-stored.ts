import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The alternative to rendering on first use (bench/first-use.ts): the agenda rendered and
 * compressed at publish time, stored as an item, and read with the edition head on first use.
 */

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function storedAgenda(year: number) {
  const TableName = process.env.TABLE_NAME;
  const [head, document] = await Promise.all([
    client.send(
      new GetCommand({
        TableName,
        Key: { pk: `EDITION#${year}`, sk: 'HEAD' },
        ConsistentRead: true,
      }),
    ),
    client.send(new GetCommand({ TableName, Key: { pk: `RENDERED#${year}`, sk: 'agenda' } })),
  ]);
  const item = document.Item;
  if (!item || item.version !== head.Item?.version) return { statusCode: 404, body: '' };
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'content-encoding': 'br', etag: item.etag },
    body: Buffer.from(item.br as Uint8Array).toString('base64'),
    isBase64Encoded: true,
  };
}
