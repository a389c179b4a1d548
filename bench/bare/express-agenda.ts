import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import express from 'express';
import serverless from 'serverless-http';

/**
 * The baseline "the way many would write it": Express behind serverless-http, the same DynamoDB
 * Query and the same agenda JSON. It lives in bench/ only.
 */

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = express();

app.get('/editions/:year/agenda', async (request, response) => {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `EDITION#${request.params.year}` },
    }),
  );
  const meta = Items.find((item) => item.sk === 'META');
  if (!meta) {
    response.status(404).json({ message: 'not found' });
    return;
  }
  const strip = ({ pk: _pk, sk: _sk, entity: _entity, ...rest }: Record<string, unknown>) => rest;
  const byPosition = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    Number(a.position) - Number(b.position);
  const { year, version, title, shortTitle, website, venue, date, timezone, startsAt, endsAt } =
    meta;
  response.json({
    edition: { year, version, title, shortTitle, website, venue, date, timezone, startsAt, endsAt },
    sessions: Items.filter((item) => item.entity === 'session')
      .map(strip)
      .sort(byPosition),
    slots: Items.filter((item) => item.entity === 'slot')
      .map(strip)
      .sort(byPosition),
  });
});

export const handler = serverless(app);
