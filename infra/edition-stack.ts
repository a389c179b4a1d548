import { CfnOutput, CustomResource, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Provider } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import type { EditionSource } from '../shared/edition/schema.ts';
import { EditionTable } from './constructs/edition-table.ts';
import { WorkshopFunction } from './constructs/workshop-function.ts';

/** One workshop edition: its table, its functions, its HTTP API, and its agenda loaded on deploy. */

export interface EditionStackProps extends StackProps {
  edition: EditionSource;
}

/** "HPCW20" + 2020 -> "Hpcw2020". */
export function editionStackId(edition: Pick<EditionSource, 'shortTitle' | 'year'>): string {
  const series = edition.shortTitle.replace(/[^A-Za-z]/g, '').toLowerCase();
  return `${series.charAt(0).toUpperCase()}${series.slice(1)}${edition.year}`;
}

export class EditionStack extends Stack {
  constructor(scope: Construct, id: string, props: EditionStackProps) {
    super(scope, id, props);
    const { edition } = props;
    const { table } = new EditionTable(this, 'Data');

    const publicReads = new WorkshopFunction(this, 'PublicApi', {
      entry: 'functions/public/handler.ts',
      description: `${edition.shortTitle}: public agenda, talks and speakers`,
      table,
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    });

    const seeder = new WorkshopFunction(this, 'Seeder', {
      entry: 'functions/seed/handler.ts',
      description: `${edition.shortTitle}: publishes the edition file into the table on deploy`,
      table,
      tableActions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:BatchWriteItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      timeout: Duration.minutes(2),
    });
    const seedProvider = new Provider(this, 'SeedProvider', { onEventHandler: seeder.function });
    new CustomResource(this, 'Seed', {
      serviceToken: seedProvider.serviceToken,
      properties: { Edition: JSON.stringify(edition) },
    });

    const api = new HttpApi(this, 'Api', {
      apiName: `${editionStackId(edition)}-api`,
      description: `${edition.title} (${edition.year})`,
    });
    const publicIntegration = new HttpLambdaIntegration('PublicReads', publicReads.function);
    for (const path of ['/editions', '/editions/{proxy+}']) {
      api.addRoutes({ path, methods: [HttpMethod.GET], integration: publicIntegration });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
