import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

/** The floor for bundle size and cold start: one Hono route reading one DynamoDB item. */

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono();

app.get('/items/:id', async (c) => {
  const { Item } = await client.send(
    new GetCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: c.req.param('id'), sk: 'ITEM' },
    }),
  );
  return Item ? c.json(Item) : c.json({ message: 'not found' }, 404);
});

export const handler = handle(app);
