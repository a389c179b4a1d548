import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The house Lambda function: Node 24 on arm64, bundled and minified by esbuild with source maps,
 * a log group with a retention, and table access granted action by action.
 */

export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:ConditionCheckItem';

export interface WorkshopFunctionProps {
  /** Path of the handler file, relative to the repository root. */
  entry: string;
  description: string;
  table: ITable;
  tableActions: TableAction[];
  timeout?: Duration;
  memorySize?: number;
}

export class WorkshopFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: WorkshopFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      environment: { TABLE_NAME: props.table.tableName, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        // ESM bundles need a require() for the few CommonJS dependencies they inline.
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: props.tableActions, resources: [props.table.tableArn] }),
    );
  }
}
