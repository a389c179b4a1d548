import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '#functions/data/table/sha256.ts';
import type { AssemblyStack } from './assembly.ts';
import type { PolicyDocument, Principal } from './aws/endpoint.ts';
import type { Resolver } from './intrinsics.ts';

/**
 * What CloudFormation would create before any function runs: the template's DynamoDB tables in
 * DynamoDB Local (keys, indexes, stream, TTL as declared), and the principals the local AWS
 * endpoint knows callers by: one per IAM role, with the role's policies (inline, and the
 * AWS::IAM::Policy resources attached to it), resolved to the ARNs the template wires.
 */

/**
 * Lambda's credentials locally: the access key id names the role (its secret is no secret), in
 * letters and digits only, as DynamoDB Local (which the endpoint forwards to) takes no other.
 */
export const roleAccessKeyId = (roleName: string) =>
  `LOCALROLE${roleName.replace(/[^A-Za-z0-9]/g, '')}`;
export const LOCAL_SECRET_ACCESS_KEY = 'local-secret';

/** The principal of what CloudFormation and Lambda's pollers do themselves: everything is allowed. */
export const ADMIN_PRINCIPAL: Principal = {
  name: 'stack-local-admin (CloudFormation and the runner itself)',
  roleArn: 'arn:aws:iam::000000000000:role/stack-local-admin',
  policies: [
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  ],
};
/** Letters only: DynamoDB Local, which CloudFormation's part talks to directly, takes no other. */
export const ADMIN_ACCESS_KEY_ID = 'LOCALSTACKADMIN';

/** Creates a table as the template declares it; returns its stream's ARN (DynamoDB Local's). */
export async function createTable(
  client: DynamoDBClient,
  name: string,
  properties: Record<string, unknown>,
): Promise<string | undefined> {
  const stream = properties.StreamSpecification as { StreamViewType?: string } | undefined;
  const withoutThroughput = (index: Record<string, unknown>) => {
    const { ProvisionedThroughput, OnDemandThroughput, ContributorInsightsSpecification, ...rest } =
      index;
    return properties.BillingMode === 'PROVISIONED' ? { ...rest, ProvisionedThroughput } : rest;
  };
  const input = {
    TableName: name,
    AttributeDefinitions: properties.AttributeDefinitions,
    KeySchema: properties.KeySchema,
    ...(properties.BillingMode === 'PROVISIONED'
      ? { ProvisionedThroughput: properties.ProvisionedThroughput }
      : { BillingMode: 'PAY_PER_REQUEST' }),
    ...(Array.isArray(properties.GlobalSecondaryIndexes)
      ? { GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes.map(withoutThroughput) }
      : {}),
    ...(Array.isArray(properties.LocalSecondaryIndexes)
      ? { LocalSecondaryIndexes: properties.LocalSecondaryIndexes }
      : {}),
    ...(stream?.StreamViewType
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType } }
      : {}),
  } as CreateTableCommandInput;
  try {
    await client.send(new CreateTableCommand(input));
    const ttl = properties.TimeToLiveSpecification as
      | { AttributeName?: string; Enabled?: boolean }
      | undefined;
    if (ttl?.AttributeName && ttl.Enabled) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
        }),
      );
    }
  } catch (error) {
    // Kept from an earlier run (--persist): used as it is.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  return Table?.LatestStreamArn;
}

export function adminDynamoDb(endpoint: string, region: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: LOCAL_SECRET_ACCESS_KEY },
  });
}

/** Every role of the stack as a principal, by its access key id. */
export function principalsOf(stack: AssemblyStack, resolver: Resolver): Map<string, Principal> {
  const principals = new Map<string, Principal>();
  const resources = Object.entries(stack.template.Resources);
  for (const [logicalId, resource] of resources) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const roleName = resolver.string(stack, { Ref: logicalId });
    const inline = (resource.Properties?.Policies ?? []) as { PolicyDocument: unknown }[];
    const attached = resources
      .filter(
        ([, policy]) =>
          policy.Type === 'AWS::IAM::Policy' &&
          ((policy.Properties?.Roles ?? []) as unknown[]).some(
            (role) => (role as { Ref?: string }).Ref === logicalId,
          ),
      )
      .map(([, policy]) => policy.Properties?.PolicyDocument);
    const policies = [...inline.map(({ PolicyDocument }) => PolicyDocument), ...attached].map(
      (document) => resolver.resolve(stack, document) as PolicyDocument,
    );
    principals.set(roleAccessKeyId(roleName), {
      name: roleName,
      roleArn: resolver.string(stack, { 'Fn::GetAtt': [logicalId, 'Arn'] }),
      policies,
    });
  }
  return principals;
}

class AwsCallError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
    this.type = type;
  }
}

/**
 * One signed call of an AWS JSON protocol (DynamoDB Streams has no SDK client in this checkout),
 * to the local endpoint, as the given access key.
 */
export async function awsJsonCall(options: {
  endpoint: string;
  region: string;
  service: string;
  target: string;
  accessKeyId: string;
  input: unknown;
}): Promise<Record<string, unknown>> {
  const url = new URL(options.endpoint);
  const body = JSON.stringify(options.input);
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    sha256: Sha256,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: LOCAL_SECRET_ACCESS_KEY },
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': options.target,
    },
    body,
  });
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(url, { method: 'POST', headers, body });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const type =
      String(answer.__type ?? response.status)
        .split('#')
        .pop() ?? 'Error';
    throw new AwsCallError(type, String(answer.message ?? answer.Message ?? type));
  }
  return answer;
}
