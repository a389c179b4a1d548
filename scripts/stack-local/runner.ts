import { randomBytes } from 'node:crypto';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '../lib/dynamodb-local.ts';
import { type LocalOidc, startLocalOidc } from '../lib/local-oidc.ts';
import { type LocalMailDev, startMailDev } from '../lib/maildev.ts';
import { type Listener, type Served, serveApis } from './api-wiring.ts';
import { type Assembly, type AssemblyStack, assetDirectory, loadAssembly } from './assembly.ts';
import { type LocalAws, type Principal, startLocalAws } from './aws/endpoint.ts';
import { signInMapping } from './distribution.ts';
import { Resolver } from './intrinsics.ts';
import { LocalFunction } from './lambda-host.ts';
import { LOCAL_ACCOUNT } from './physical.ts';
import {
  ADMIN_ACCESS_KEY_ID,
  ADMIN_PRINCIPAL,
  adminDynamoDb,
  createTable,
  LOCAL_SECRET_ACCESS_KEY,
  principalsOf,
  roleAccessKeyId,
} from './resources.ts';
import { ofType, startTriggers, type Wiring } from './triggers.ts';

/**
 * A synthesized cloud assembly, run locally as CloudFormation would deploy it and AWS would run
 * it: its tables in DynamoDB Local, its queues and secrets in the local AWS endpoint, every
 * Lambda function from its built asset (lambda-host.ts), its custom resources run once (the
 * seed), its event source mappings and schedules polling and firing, its HTTP APIs and
 * CloudFront distributions served. Everything is found by resource type in the templates.
 */

const MAX_LOG_ENTRIES = 10_000;

export interface StackLocalOptions {
  assemblyDir: string;
  /** The port of the front door (the first distribution, else the first API); free when absent. */
  port?: number;
  hostname?: string;
  now?: Date;
  /** A running DynamoDB Local to use; one is started (and stopped) when absent. */
  dynamoDbEndpoint?: string;
  persistPath?: string;
  /** The sign-in provider's port (the CLI: localSignInPort()); a free one when absent or 0. */
  signInPort?: number;
  log?(entry: Record<string, unknown>): void;
}

export interface StackLocal {
  /** The front door: the first distribution's URL, else the first API's. */
  url: string;
  servers: Served[];
  aws: LocalAws;
  mailWebUrl: string;
  /** The sign-in provider the JWT authorizers trust in place of the template's user pool. */
  signIn: LocalOidc;
  functions: Map<string, LocalFunction>;
  /** The entries the runner and the endpoint logged (the latest MAX_LOG_ENTRIES). */
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

function generateSecret(properties: Record<string, unknown>): string {
  if (typeof properties.SecretString === 'string') return properties.SecretString;
  const generate = (properties.GenerateSecretString ?? {}) as Record<string, unknown>;
  const length = Number(generate.PasswordLength ?? 32);
  const alphabet = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789${generate.ExcludePunctuation ? '' : '!#$%&*+-.:;<=>?@^_~'}`;
  const value = [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
  if (
    typeof generate.SecretStringTemplate === 'string' &&
    typeof generate.GenerateStringKey === 'string'
  ) {
    return JSON.stringify({
      ...JSON.parse(generate.SecretStringTemplate),
      [generate.GenerateStringKey]: value,
    });
  }
  return value;
}

export async function startStackLocal(options: StackLocalOptions): Promise<StackLocal> {
  const assembly: Assembly = loadAssembly(options.assemblyDir);
  const logs: Record<string, unknown>[] = [];
  const log = (entry: Record<string, unknown>) => {
    // The latest entries only: a long run must not grow without end.
    if (logs.length >= MAX_LOG_ENTRIES) logs.shift();
    logs.push(entry);
    options.log?.(entry);
  };
  const hostname = options.hostname ?? '127.0.0.1';
  const cleanup: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    let dynamoDb: DynamoDbLocal | undefined;
    if (!options.dynamoDbEndpoint) {
      dynamoDb = await startDynamoDbLocal({ persistPath: options.persistPath });
      cleanup.push(() => dynamoDb?.stop());
    }
    const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamoDb?.endpoint ?? '';
    const maildev: LocalMailDev = await startMailDev();
    cleanup.push(() => maildev.stop());

    const secrets: Record<string, string> = {};
    const resolver = new Resolver(assembly.stacks, LOCAL_ACCOUNT, (secretId) => {
      const arn = Object.keys(secrets).find(
        (candidate) => candidate === secretId || candidate.includes(`:secret:${secretId}-`),
      );
      return arn === undefined ? undefined : secrets[arn];
    });
    const clockOffsetMs = options.now ? options.now.getTime() - Date.now() : 0;
    const clock = () => new Date(Date.now() + clockOffsetMs);

    // Where each API and distribution will listen, known before anything is resolved.
    const listeners: Listener[] = [];
    for (const stack of assembly.stacks) {
      for (const [logicalId] of ofType(stack, 'AWS::ApiGatewayV2::Api'))
        listeners.push({ kind: 'api', stack, logicalId, port: 0 });
      for (const [logicalId] of ofType(stack, 'AWS::CloudFront::Distribution'))
        listeners.push({ kind: 'distribution', stack, logicalId, port: 0 });
    }
    const frontDoor = listeners.find(({ kind }) => kind === 'distribution') ?? listeners[0];
    for (const listener of listeners) {
      listener.port = listener === frontDoor && options.port ? options.port : await freePort();
      if (listener.kind === 'api') {
        resolver.setAttribute(
          listener.stack,
          listener.logicalId,
          'ApiEndpoint',
          `http://127.0.0.1:${listener.port}`,
        );
      } else {
        resolver.setAttribute(
          listener.stack,
          listener.logicalId,
          'DomainName',
          `localhost:${listener.port}`,
        );
      }
    }
    const localHosts = listeners.map(({ kind, port }) =>
      kind === 'api' ? `127.0.0.1:${port}` : `localhost:${port}`,
    );
    // Served over plain HTTP locally: the template's https:// links to them say http://.
    const localised = (value: string) =>
      localHosts.reduce(
        (text, host) => text.replaceAll(`https://${host}`, `http://${host}`),
        value,
      );
    const frontUrl = frontDoor
      ? `http://${frontDoor.kind === 'api' ? '127.0.0.1' : 'localhost'}:${frontDoor.port}`
      : 'http://localhost';
    const provider = await startLocalOidc({ apiOrigin: frontUrl, port: options.signInPort ?? 0 });
    cleanup.push(() => provider.stop());
    // The user pool's sign-in, wherever a template names it (the docs function's /auth/config,
    // the console's CSP), is the local provider's, as for the JWT authorizer (api-wiring.ts).
    const signIn = signInMapping(assembly.stacks, resolver, provider);

    for (const stack of assembly.stacks) {
      for (const [logicalId, resource] of ofType(stack, 'AWS::SecretsManager::Secret')) {
        secrets[resolver.string(stack, { Ref: logicalId })] = generateSecret(
          (resource.Properties ?? {}) as Record<string, unknown>,
        );
      }
    }

    // A stream's ARN as IAM and the template see it -> DynamoDB Local's, which its API takes.
    const streamArns = new Map<string, string>();
    const tables = adminDynamoDb(dynamoDbEndpoint, 'local');
    for (const stack of assembly.stacks) {
      for (const [logicalId, resource] of ofType(
        stack,
        'AWS::DynamoDB::Table',
        'AWS::DynamoDB::GlobalTable',
      )) {
        const name = resolver.string(stack, { Ref: logicalId });
        const properties = resolver.resolve(stack, resource.Properties ?? {}) as Record<
          string,
          unknown
        >;
        const streamArn = await createTable(tables, name, properties);
        // DynamoDB Local's label, in the stack's region and account (DynamoDB Local says
        // "ddblocal"), as the endpoint names the stream to IAM.
        if (streamArn) {
          const arn = streamArn.replace(
            /^arn:aws:dynamodb:[^:]*:\d*:/,
            `arn:aws:dynamodb:${stack.region}:${LOCAL_ACCOUNT}:`,
          );
          resolver.setAttribute(stack, logicalId, 'StreamArn', arn);
          streamArns.set(arn, streamArn);
        }
        log({
          message: 'table created',
          stack: stack.name,
          table: name,
          stream: Boolean(streamArn),
        });
      }
    }
    tables.destroy();

    const principals = new Map<string, Principal>([[ADMIN_ACCESS_KEY_ID, ADMIN_PRINCIPAL]]);
    const region = assembly.stacks[0]?.region ?? 'us-east-1';
    const aws = await startLocalAws({
      region,
      account: LOCAL_ACCOUNT,
      dynamoDbEndpoint,
      smtp: { host: maildev.smtpHost, port: maildev.smtpPort },
      secrets,
      principalOf: (accessKeyId) => principals.get(accessKeyId),
      log,
    });
    cleanup.push(() => aws.close());

    // Queues, through the endpoint as CloudFormation's admin; their URLs are the endpoint's.
    const queueUrls = new Map<string, string>();
    for (const stack of assembly.stacks) {
      const admin = new SQSClient({
        endpoint: aws.url,
        region: stack.region,
        credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: LOCAL_SECRET_ACCESS_KEY },
      });
      for (const [logicalId, resource] of ofType(stack, 'AWS::SQS::Queue')) {
        const properties = resolver.resolve(stack, resource.Properties ?? {}) as Record<
          string,
          unknown
        >;
        const attributes: Record<string, string> = {};
        for (const key of [
          'VisibilityTimeout',
          'MessageRetentionPeriod',
          'DelaySeconds',
          'FifoQueue',
          'ContentBasedDeduplication',
        ]) {
          if (properties[key] !== undefined) attributes[key] = String(properties[key]);
        }
        if (properties.RedrivePolicy)
          attributes.RedrivePolicy = JSON.stringify(properties.RedrivePolicy);
        const name = resolver.string(stack, { 'Fn::GetAtt': [logicalId, 'QueueName'] });
        const { QueueUrl } = await admin.send(
          new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
        );
        if (!QueueUrl) throw new Error(`CreateQueue ${name} answered no URL.`);
        resolver.setRef(stack, logicalId, QueueUrl);
        resolver.setAttribute(stack, logicalId, 'QueueUrl', QueueUrl);
        queueUrls.set(resolver.string(stack, { 'Fn::GetAtt': [logicalId, 'Arn'] }), QueueUrl);
      }
      admin.destroy();
    }

    for (const stack of assembly.stacks) {
      for (const [accessKeyId, principal] of principalsOf(stack, resolver))
        principals.set(accessKeyId, principal);
    }

    // Every function, by its ARN.
    const functions = new Map<string, LocalFunction>();
    const environments = new Map<LocalFunction, Record<string, string>>();
    for (const stack of assembly.stacks) {
      for (const [logicalId, resource] of ofType(stack, 'AWS::Lambda::Function')) {
        const properties = resource.Properties ?? {};
        const name = resolver.string(stack, { Ref: logicalId });
        const arn = resolver.string(stack, { 'Fn::GetAtt': [logicalId, 'Arn'] });
        const roleArn = resolver.string(stack, properties.Role);
        const variables = resolver.resolve(
          stack,
          (properties.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
        ) as Record<string, unknown>;
        const template = Object.fromEntries(
          Object.entries(variables).map(([key, value]) => [key, localised(signIn(String(value)))]),
        );
        const memoryMb = Number(resolver.resolve(stack, properties.MemorySize) ?? 128);
        const handler = resolver.string(stack, properties.Handler ?? 'index.handler');
        const fn = new LocalFunction(
          {
            name,
            arn,
            codeDirectory: assetDirectory(assembly, resource),
            handler,
            memoryMb,
            timeoutSeconds: Number(resolver.resolve(stack, properties.Timeout) ?? 3),
            concurrency:
              Number(resolver.resolve(stack, properties.ReservedConcurrentExecutions) ?? 4) || 1,
            clockOffsetMs,
            environment: {
              ...template,
              AWS_REGION: stack.region,
              AWS_DEFAULT_REGION: stack.region,
              AWS_ACCESS_KEY_ID: roleAccessKeyId(roleArn.split('/').pop() ?? ''),
              AWS_SECRET_ACCESS_KEY: LOCAL_SECRET_ACCESS_KEY,
              AWS_ENDPOINT_URL: aws.url,
              AWS_LAMBDA_FUNCTION_NAME: name,
              AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
              AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
              AWS_EXECUTION_ENV: `AWS_Lambda_${String(properties.Runtime ?? 'nodejs')}`,
              _HANDLER: handler,
            },
          },
          log,
        );
        functions.set(arn, fn);
        environments.set(fn, template);
        cleanup.push(() => fn.close());
      }
    }
    const functionOf = (stack: AssemblyStack, reference: unknown): LocalFunction | undefined => {
      const value = resolver.string(stack, reference);
      const arn = /(arn:aws:lambda:[^:]+:\d+:function:[^/:]+)/.exec(value)?.[1];
      return (
        functions.get(arn ?? '') ?? [...functions.values()].find((fn) => fn.spec.name === value)
      );
    };

    const wiring: Wiring = {
      assembly,
      resolver,
      functionOf,
      functions,
      environments,
      endpoint: aws.url,
      queueUrls,
      streamArns,
      clock,
      log,
      cleanup,
      buckets: new Map(),
      signIn,
    };
    await startTriggers(wiring);
    const servers = await serveApis(wiring, listeners, { hostname, signIn: provider });
    const front = servers.find(({ kind }) => kind === 'distribution') ?? servers[0];
    if (!front) throw new Error('The assembly has no HTTP API to serve.');
    const { url } = front;
    return {
      url,
      servers,
      aws,
      mailWebUrl: maildev.webUrl,
      signIn: provider,
      functions,
      logs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
