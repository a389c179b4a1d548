import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { WebhookEvent, WebhookEventType } from '#shared/events.ts';
import { monotonicUlid } from '#shared/ulid.ts';
import { deliveriesPk, webhooksPk } from '../table/keys.ts';
import { eventExpiry, eventPutItem } from './event-outbox.ts';

/**
 * Webhooks: subscriptions, the outbox of events (written in the same transaction as the change
 * they announce), and one delivery record per event and subscription.
 *
 * | entity       | pk                           | sk          |
 * |--------------|------------------------------|-------------|
 * | subscription | WEBHOOKS#<year>              | <id>        |
 * | event        | EVENTS#<year>                | <event id>  |   TTL 14 days
 * | delivery     | DELIVERIES#<year>#<webhook>  | <event id>  |   TTL 14 days
 *
 * In AWS the table's stream carries new EVENTS# items to the webhook functions.
 */

export interface Subscription {
  id: string;
  url: string;
  events: WebhookEventType[];
  /** The signing secret (shared/webhooks/signing.ts): Standard Webhooks, or legacy. */
  secret: string;
  createdAt: string;
  createdBy: string;
  /** After a rotation: when it happened, and the secret it replaced, still signing until then. */
  secretRotatedAt?: string;
  previousSecret?: string;
  previousSecretExpiresAt?: string;
}

export interface Delivery {
  eventId: string;
  type: WebhookEventType;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  nextAttemptAt?: string;
  deliveredAt?: string;
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;

export function createWebhookStore({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  async function createSubscription(
    year: number,
    fields: Pick<Subscription, 'url' | 'events' | 'secret'>,
    by: string,
    now: Date,
  ) {
    const subscription: Subscription = {
      id: `wh_${monotonicUlid(now)}`,
      ...fields,
      createdAt: now.toISOString(),
      createdBy: by,
    };
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: webhooksPk(year), sk: subscription.id, entity: 'webhook', ...subscription },
      }),
    );
    return subscription;
  }

  const subscriptionOf = (item: Record<string, unknown>): Subscription => ({
    id: String(item.id),
    url: String(item.url),
    events: item.events as WebhookEventType[],
    secret: String(item.secret),
    createdAt: String(item.createdAt),
    createdBy: String(item.createdBy),
    ...(typeof item.secretRotatedAt === 'string' ? { secretRotatedAt: item.secretRotatedAt } : {}),
    ...(typeof item.previousSecret === 'string' ? { previousSecret: item.previousSecret } : {}),
    ...(typeof item.previousSecretExpiresAt === 'string'
      ? { previousSecretExpiresAt: item.previousSecretExpiresAt }
      : {}),
  });

  async function listSubscriptions(year: number): Promise<Subscription[]> {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': webhooksPk(year) },
      }),
    );
    return (Items ?? []).map(subscriptionOf);
  }

  async function getSubscription(year: number, id: string) {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { pk: webhooksPk(year), sk: id } }),
    );
    return Item && subscriptionOf(Item);
  }

  async function deleteSubscription(year: number, id: string) {
    const { Attributes } = await client.send(
      new DeleteCommand({
        TableName: tableName,
        Key: { pk: webhooksPk(year), sk: id },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }

  /**
   * A new secret; the one it replaces is kept as `previousSecret` until `previousUntil` (one
   * update, on the item as it was). Undefined when there is no such webhook.
   */
  async function rotateSecret(
    year: number,
    id: string,
    secret: string,
    now: Date,
    previousUntil: Date,
  ): Promise<Subscription | undefined> {
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: webhooksPk(year), sk: id },
          // Not this secret yet: a retry of a rotation that landed unseen must not make the new
          // secret the previous one too (the old one would stop signing at once).
          ConditionExpression: 'attribute_exists(pk) AND #secret <> :secret',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          UpdateExpression:
            'SET #previous = #secret, #secret = :secret, #until = :until, #rotatedAt = :now',
          ExpressionAttributeNames: {
            '#secret': 'secret',
            '#previous': 'previousSecret',
            '#until': 'previousSecretExpiresAt',
            '#rotatedAt': 'secretRotatedAt',
          },
          ExpressionAttributeValues: {
            ':secret': secret,
            ':until': previousUntil.toISOString(),
            ':now': now.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes && subscriptionOf(Attributes);
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException')
        throw error;
      const { Item } = error as { Item?: Record<string, AttributeValue> };
      const found = Item && unmarshall(Item);
      return found?.secret === secret ? subscriptionOf(found) : undefined;
    }
  }

  async function recordDelivery(year: number, webhookId: string, delivery: Delivery, now: Date) {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: deliveriesPk(year, webhookId),
          sk: delivery.eventId,
          entity: 'delivery',
          ...delivery,
          expiresAt: eventExpiry(now),
        },
      }),
    );
  }

  async function listDeliveries(year: number, webhookId: string): Promise<Delivery[]> {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': deliveriesPk(year, webhookId) },
        ScanIndexForward: false,
      }),
    );
    return (Items ?? []).map(
      ({ pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...delivery }) =>
        delivery as Delivery,
    );
  }

  return {
    /** An event's outbox item, to write in the transaction of the change it announces. */
    eventCompanion: (event: WebhookEvent) => eventPutItem(tableName, event),
    createSubscription,
    listSubscriptions,
    getSubscription,
    deleteSubscription,
    rotateSecret,
    recordDelivery,
    listDeliveries,
  };
}
