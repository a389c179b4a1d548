import { randomBytes } from 'node:crypto';
import type { Assembly, AssemblyStack, Resource } from './assembly.ts';
import { deployBucket, type LocalBuckets } from './distribution.ts';
import { type Poller, pollQueue, pollStream } from './event-sources.ts';
import type { Resolver } from './intrinsics.ts';
import type { LocalFunction } from './lambda-host.ts';
import { LOCAL_ACCOUNT } from './physical.ts';
import { schedule } from './schedules.ts';

/**
 * What makes functions run besides HTTP: the event source mappings (streams and queues, polled
 * as the function's role), the custom resources (run once, as a deploy creates them), and the
 * schedules (EventBridge rules on the local clock).
 */

export interface Wiring {
  assembly: Assembly;
  resolver: Resolver;
  /** The function a reference (an ARN, a name, an integration URI) resolves to. */
  functionOf(stack: AssemblyStack, reference: unknown): LocalFunction | undefined;
  functions: Map<string, LocalFunction>;
  /** Each function's environment variables from its template. */
  environments: Map<LocalFunction, Record<string, string>>;
  endpoint: string;
  queueUrls: Map<string, string>;
  /** A stream's ARN in the template's terms -> the one DynamoDB Local's stream API takes. */
  streamArns: Map<string, string>;
  clock(): Date;
  log(entry: Record<string, unknown>): void;
  cleanup: (() => Promise<void> | void)[];
  /** The S3 buckets' objects (what bucket deployments put there; distributions serve them). */
  buckets: LocalBuckets;
  /** A template's value naming the user pool's sign-in, as the local identity's. */
  signIn(value: string): string;
}

type Entry = [string, Resource];
export const ofType = (stack: AssemblyStack, ...types: string[]): Entry[] =>
  Object.entries(stack.template.Resources).filter(([, resource]) => types.includes(resource.Type));

export async function startTriggers(wiring: Wiring): Promise<void> {
  const {
    assembly,
    resolver,
    functionOf,
    functions,
    environments,
    queueUrls,
    streamArns,
    clock,
    log,
    cleanup,
  } = wiring;
  const aws = { url: wiring.endpoint };
  const pollers: Poller[] = [];
  cleanup.push(async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
  });
  for (const stack of assembly.stacks) {
    for (const [logicalId, resource] of ofType(stack, 'AWS::Lambda::EventSourceMapping')) {
      const properties = resolver.resolve(stack, resource.Properties ?? {}) as Record<
        string,
        unknown
      >;
      if (properties.Enabled === false) continue;
      const fn = functionOf(stack, resource.Properties?.FunctionName);
      const sourceArn = String(properties.EventSourceArn ?? '');
      if (!fn) throw new Error(`${stack.name}/${logicalId}: its function is not in the assembly.`);
      const settings = {
        name: `${stack.name}/${logicalId}`,
        function: fn,
        // The mapping polls as the function's role.
        accessKeyId: fn.spec.environment.AWS_ACCESS_KEY_ID ?? '',
        endpoint: aws.url,
        region: stack.region,
        sourceArn,
        filters: (
          (properties.FilterCriteria as { Filters?: { Pattern: string }[] } | undefined)?.Filters ??
          []
        ).map(({ Pattern }) => Pattern),
        batchingWindowSeconds: Number(properties.MaximumBatchingWindowInSeconds ?? 0),
        startingPosition: String(properties.StartingPosition ?? 'LATEST'),
        maximumRetryAttempts: Number(properties.MaximumRetryAttempts ?? -1),
        bisectOnError: properties.BisectBatchOnFunctionError === true,
        reportBatchItemFailures: ((properties.FunctionResponseTypes ?? []) as string[]).includes(
          'ReportBatchItemFailures',
        ),
        maximumConcurrency: Number(
          (properties.ScalingConfig as { MaximumConcurrency?: number } | undefined)
            ?.MaximumConcurrency ?? 2,
        ),
        log,
      };
      if (sourceArn.includes(':dynamodb:')) {
        pollers.push(
          pollStream(
            { ...settings, batchSize: Number(properties.BatchSize ?? 100) },
            streamArns.get(sourceArn) ?? sourceArn,
          ),
        );
      } else if (sourceArn.includes(':sqs:')) {
        const queueUrl = queueUrls.get(sourceArn);
        if (!queueUrl) throw new Error(`${stack.name}/${logicalId}: no queue ${sourceArn}.`);
        pollers.push(
          pollQueue({ ...settings, batchSize: Number(properties.BatchSize ?? 10) }, queueUrl),
        );
      } else {
        log({ message: 'event source not run locally', mapping: settings.name, sourceArn });
      }
    }
  }

  // Custom resources, created once (the CDK provider framework's relay is skipped: its
  // onEvent handler is what it would invoke).
  for (const stack of assembly.stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
      if (
        resource.Type !== 'AWS::CloudFormation::CustomResource' &&
        !resource.Type.startsWith('Custom::')
      )
        continue;
      const properties = resolver.resolve(stack, resource.Properties ?? {}) as Record<
        string,
        unknown
      >;
      const token = functionOf(stack, resource.Properties?.ServiceToken);
      if (!token) {
        log({
          message: 'custom resource not run locally',
          stack: stack.name,
          resource: logicalId,
        });
        continue;
      }
      // The CDK's BucketDeployment runs the AWS CLI in Python: done here, as its role.
      if (resource.Type === 'Custom::CDKBucketDeployment') {
        await deployBucket(
          wiring,
          properties,
          token.spec.environment.AWS_ACCESS_KEY_ID ?? '',
          stack.region,
        );
        log({ message: 'custom resource created', stack: stack.name, resource: logicalId });
        continue;
      }
      const relayed = environments.get(token)?.USER_ON_EVENT_FUNCTION_ARN;
      const target = relayed ? functions.get(relayed) : token;
      if (!target) throw new Error(`${stack.name}/${logicalId}: no function ${relayed}.`);
      const event = {
        RequestType: 'Create',
        ServiceToken: properties.ServiceToken,
        ResponseURL: 'http://localhost/stack-local-unused',
        StackId: resolver.string(stack, { Ref: 'AWS::StackId' }),
        RequestId: randomBytes(8).toString('hex'),
        LogicalResourceId: logicalId,
        ResourceType: resource.Type,
        ResourceProperties: properties,
      };
      // DynamoDB Local answers its first calls slowly on a busy machine: the function's own
      // one-second budget may run out. A creation that fails for that is tried again (logged).
      let outcome = await target.invoke(event);
      for (
        let attempt = 1;
        attempt < 3 && !outcome.ok && /Unavailable|Timeout/.test(outcome.errorType);
        attempt += 1
      ) {
        log({
          message: 'custom resource retried',
          stack: stack.name,
          resource: logicalId,
          errorType: outcome.errorType,
        });
        outcome = await target.invoke(event);
      }
      if (!outcome.ok) {
        throw new Error(
          `${stack.name}/${logicalId} failed to create: ${outcome.errorType}: ${outcome.errorMessage}`,
        );
      }
      const result = (outcome.result ?? {}) as {
        PhysicalResourceId?: string;
        Data?: Record<string, unknown>;
      };
      if (result.PhysicalResourceId) resolver.setRef(stack, logicalId, result.PhysicalResourceId);
      resolver.setData(stack, logicalId, result.Data ?? {});
      log({ message: 'custom resource created', stack: stack.name, resource: logicalId });
    }
  }

  for (const stack of assembly.stacks) {
    for (const [logicalId, resource] of ofType(stack, 'AWS::Events::Rule')) {
      const properties = resource.Properties ?? {};
      if (!properties.ScheduleExpression || properties.State === 'DISABLED') continue;
      const targets = ((properties.Targets ?? []) as { Arn: unknown; Input?: unknown }[]).flatMap(
        (target) => {
          const fn = functionOf(stack, target.Arn);
          return fn
            ? [
                {
                  function: fn,
                  ...(target.Input ? { input: resolver.string(stack, target.Input) } : {}),
                },
              ]
            : [];
        },
      );
      const scheduled = schedule({
        ruleArn: `arn:aws:events:${stack.region}:${LOCAL_ACCOUNT}:rule/${resolver.string(stack, { Ref: logicalId })}`,
        expression: resolver.string(stack, properties.ScheduleExpression),
        account: LOCAL_ACCOUNT,
        region: stack.region,
        targets,
        clock,
        log,
      });
      cleanup.push(() => scheduled.stop());
    }
  }
}
