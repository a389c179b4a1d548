import { describe, expect, inject, it } from 'vitest';
import { createApi } from '#functions/api.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import {
  PUBLIC_URL,
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
} from '../../support/registration-app.ts';
import { ACCOUNT, allow, REGION, roleOf, useLocalAws } from './local-aws.ts';

/**
 * A registration, the project's own code through the local AWS endpoint, signed as a role with
 * the registrations function's table actions (infra/edition-stack.ts): what the check
 * ("dynamodb:TransactWriteItems removed from every policy") comes to in AWS.
 */

let tableName = '';
const tableArn = () => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${tableName}`;
const REGISTRATIONS_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

const { aws, clientConfig } = useLocalAws(
  () => ({
    // The template's grant, which names no dynamodb:TransactWriteItems.
    TEMPLATE: roleOf('registrations', [allow(REGISTRATIONS_ACTIONS, [tableArn()])]),
    NOPUT: roleOf('registrations-without-put', [
      allow(
        [
          'dynamodb:TransactWriteItems',
          ...REGISTRATIONS_ACTIONS.filter((a) => a !== 'dynamodb:PutItem'),
        ],
        [tableArn()],
      ),
    ]),
  }),
  () => ({ dynamoDbEndpoint: inject('dynamoDbEndpoint') }),
);

/** The API over the published edition, its DynamoDB calls signed with `accessKeyId`. */
async function apiSignedAs(accessKeyId: string) {
  const direct = await registrationApi();
  tableName = direct.table.tableName;
  const stores = createStores({
    client: createDocumentClient(clientConfig(accessKeyId)),
    tableName,
    events: direct.dispatcher,
  });
  const app = createApi({
    ...stores,
    clock: () => REGISTRATION_OPEN_AT,
    publicUrl: PUBLIC_URL,
    emailHashKey: 'test-email-key',
    authenticate: async () => undefined,
  });
  const register = () =>
    app.request(`/editions/${direct.year}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person()),
    });
  return { register, direct };
}

describe('a registration through the local AWS endpoint', () => {
  it("registers with the template's grant, which has no dynamodb:TransactWriteItems", async () => {
    const { register } = await apiSignedAs('TEMPLATE');
    expect((await register()).status).toBe(201);
    expect(aws().denials).toEqual([]);
  });

  it('fails, and is recorded as AWS would refuse it, without dynamodb:PutItem', async () => {
    const { register, direct } = await apiSignedAs('NOPUT');
    const response = await register();
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(aws().denials).toContainEqual({
      principal: 'registrations-without-put',
      action: 'dynamodb:PutItem',
      resource: tableArn(),
    });
    // Nobody was registered: the transaction never reached the table.
    const list = await direct.organizer('GET', `/admin/editions/${direct.year}/registrations`);
    expect(list.body.items).toEqual([]);
  });
});
