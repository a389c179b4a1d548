import { afterAll, beforeAll } from 'vitest';
import {
  type LocalAws,
  type LocalAwsOptions,
  type PolicyDocument,
  type Principal,
  startLocalAws,
} from '../../../scripts/stack-local/aws/endpoint.ts';

/** The local AWS endpoint for a test file: principals by access key, its log kept in memory. */

export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';

export const allow = (
  actions: string[],
  resources: string[],
  condition?: object,
): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: actions,
      Resource: resources,
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});

export const roleOf = (name: string, policies: PolicyDocument[]): Principal => ({
  name,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-role`,
  policies,
});

export function useLocalAws(
  principals: () => Record<string, Principal>,
  options: () => Partial<LocalAwsOptions> & Pick<LocalAwsOptions, 'dynamoDbEndpoint'>,
) {
  let aws: LocalAws | undefined;
  const logged: Record<string, unknown>[] = [];
  beforeAll(async () => {
    aws = await startLocalAws({
      region: REGION,
      account: ACCOUNT,
      // Read at each request: a test file may name its tables after the endpoint started.
      principalOf: (accessKeyId) => principals()[accessKeyId],
      log: (entry) => logged.push(entry),
      ...options(),
    });
  });
  afterAll(async () => {
    await aws?.close();
  });
  const started = () => {
    if (!aws) throw new Error('The local AWS endpoint starts in beforeAll.');
    return aws;
  };
  /** SDK client settings for one access key. */
  const clientConfig = (accessKeyId: string) => ({
    endpoint: started().url,
    region: REGION,
    credentials: { accessKeyId, secretAccessKey: 'not-checked' },
    maxAttempts: 1,
  });
  return { aws: started, clientConfig, logged };
}
