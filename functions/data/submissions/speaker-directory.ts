import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from '../table/client.ts';
import { personPk, SPEAKER_EMAIL_SK, speakerEmailPk } from '../table/keys.ts';

/**
 * Which person a speaker's address confirmed as, across editions: SPEAKERMAIL#<address HMAC> →
 * the person id, so that a speaker who comes back is the same person of the agenda. The key and
 * the item hold the HMAC only, never the address.
 *
 * | access pattern                 | operation                                        |
 * |--------------------------------|--------------------------------------------------|
 * | person ids of addresses        | BatchGetItem SPEAKERMAIL#<hmac> / PERSON         |
 * | learn on confirmation          | Put (the address's latest person id)             |
 * | person id used in an edition   | Query PERSON#<id>, Limit 1 (the published people) |
 */

export type SpeakerDirectory = ReturnType<typeof createSpeakerDirectory>;

export function createSpeakerDirectory({ client, tableName }: TableAccess) {
  const key = (emailKey: string) => ({ pk: speakerEmailPk(emailKey), sk: SPEAKER_EMAIL_SK });

  /** The person id each known address HMAC confirmed as. */
  async function personIds(emailKeys: readonly string[]): Promise<Map<string, string>> {
    const known = new Map<string, string>();
    const unique = [...new Set(emailKeys)];
    if (unique.length === 0) return known;
    const { Responses } = await client.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: { Keys: unique.map(key), ConsistentRead: true },
        },
      }),
    );
    for (const item of Responses?.[tableName] ?? []) {
      known.set(String(item.emailKey), String(item.personId));
    }
    return known;
  }

  /** Whether a person id is taken by a person of an edition already published. */
  async function personIdPublished(personId: string): Promise<boolean> {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': personPk(personId) },
        Limit: 1,
      }),
    );
    return Items.length > 0;
  }

  /** Remembers the person id each address confirmed as (the latest confirmation wins). */
  async function learn(people: readonly { emailKey: string; personId: string }[], now: Date) {
    if (people.length === 0) return;
    await client.send(
      new TransactWriteCommand({
        TransactItems: people.map(({ emailKey, personId }) => ({
          Put: {
            TableName: tableName,
            Item: {
              ...key(emailKey),
              entity: 'speaker-person',
              emailKey,
              personId,
              learnedAt: now.toISOString(),
            },
          },
        })),
      }),
    );
  }

  return { personIds, personIdPublished, learn };
}
