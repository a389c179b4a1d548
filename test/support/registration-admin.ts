import { expect } from 'vitest';
import { partitionItems } from './dynamodb.ts';
import { json, type registrationApi } from './registration-app.ts';

/** Helpers of the organizers' registration route tests (test/integration/organizers/). */

export type Api = Awaited<ReturnType<typeof registrationApi>>;

export const base = (api: Api) => `/admin/editions/${api.year}`;

export async function registerAll(api: Api, people: Record<string, unknown>[]) {
  const ids: string[] = [];
  for (const someone of people) {
    const answer = await json(await api.register(someone));
    expect(answer.status).toBe(201);
    ids.push(answer.body.id);
  }
  return ids;
}

export const mailsOf = async (api: Api) =>
  (await partitionItems(api.table, `MAIL#${api.year}`)).map((mail) => ({
    kind: mail.kind,
    registrationId: mail.registrationId,
  }));
export const eventsOf = async (api: Api) =>
  (await partitionItems(api.table, `EVENTS#${api.year}`)).map((event) => ({
    type: event.type,
    registrationId: (event.data as { registrationId?: string }).registrationId,
  }));
