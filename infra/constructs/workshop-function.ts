import { dirname } from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { LAMBDA_BUNDLE, lambdaBuildOptions } from '../bundling.ts';

/**
 * The house Lambda function: Node 24 on arm64, bundled by esbuild with the options the benchmarks
 * build with (infra/bundling.ts: one file, or code-split), its own log group with a retention, and a role that may write to that log group and do on its table
 * exactly the actions listed (if it has a table), nothing else.
 */

type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem';

interface FunctionSettings {
  /** Path of the handler file, relative to the repository root. */
  entry: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/** The edition table and exactly what the function may do on it; none for a function without data. */
type TableAccess =
  | {
      table: ITable;
      tableActions: TableAction[];
      /** Secondary indexes it may Query, by name. */
      indexes?: string[];
      /** Partition key prefixes it may never read or write, whatever the actions above allow. */
      deniedPartitions?: string[];
      /**
       * The only partitions it may touch (`dynamodb:LeadingKeys`): a key ending in `#` is a
       * prefix, any other an exact partition key. Every partition when absent.
       */
      allowedPartitions?: readonly string[];
    }
  | {
      table?: never;
      tableActions?: never;
      indexes?: never;
      deniedPartitions?: never;
      allowedPartitions?: never;
    };

/** `EDITION#` -> `EDITION#*`, `CATALOG` -> `CATALOG`: the LeadingKeys patterns of partitions. */
const leadingKeyPatterns = (partitions: readonly string[]) =>
  partitions.map((partition) => (partition.endsWith('#') ? `${partition}*` : partition));

export type WorkshopFunctionProps = FunctionSettings & TableAccess;

export class WorkshopFunction extends Construct {
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: WorkshopFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const { table } = props;
    if (table) {
      const allowed = props.allowedPartitions;
      role.addToPolicy(
        new PolicyStatement({
          actions: props.tableActions,
          resources: [table.tableArn],
          ...(allowed
            ? {
                conditions: {
                  'ForAllValues:StringLike': {
                    'dynamodb:LeadingKeys': leadingKeyPatterns(allowed),
                  },
                },
              }
            : {}),
        }),
      );
    }
    if (table && props.deniedPartitions?.length) {
      role.addToPolicy(
        new PolicyStatement({
          effect: Effect.DENY,
          actions: props.tableActions,
          resources: [table.tableArn],
          conditions: {
            'ForAnyValue:StringLike': {
              'dynamodb:LeadingKeys': props.deniedPartitions.map((prefix) => `${prefix}*`),
            },
          },
        }),
      );
    }
    if (table && props.indexes?.length) {
      role.addToPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: props.indexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    }
    this.function = new LambdaFunction(this, 'Function', {
      code: bundledCode(props.entry),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      role,
      environment: {
        ...(table ? { TABLE_NAME: table.tableName } : {}),
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
  }
}

/**
 * The entry bundled here, in the synthesizing process, by esbuild's API: index.mjs (and its chunks
 * when code-split), with source maps. A stack synthesized without bundling (tests) skips it, as
 * CDK skips any asset bundling there.
 */
function bundledCode(entry: string): Code {
  return Code.fromAsset(dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling does the work (esbuild is one of this repository's packages).
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
      // CDK reuses a bundling made with the same options from the same folder, and functions
      // share folders (the mail fan-out and sender): the entry makes each function's its own.
      environment: { LAMBDA_ENTRY: entry },
      local: {
        tryBundle(outputDir) {
          buildSync({
            ...lambdaBuildOptions(entry, outputDir),
            sourcemap: LAMBDA_BUNDLE.sourcemap,
          });
          return true;
        },
      },
    },
  });
}
