import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EditionStack, editionStackId } from '../../../infra/edition-stack.ts';
import { seedEdition } from '../../support/editions.ts';

let template: Template;

beforeAll(() => {
  const edition = seedEdition();
  const app = new App();
  template = Template.fromStack(new EditionStack(app, editionStackId(edition), { edition }));
}, 60_000);

describe('the edition stack', () => {
  it('is named after the series and the year', () => {
    expect(editionStackId(seedEdition())).toBe('Hpcw2020');
  });

  it('keeps the table: retained, deletion-protected, point-in-time recovery, on demand', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
      }),
    });
  });

  it('runs the house functions on Node 24 and arm64', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } },
    });
    expect(Object.keys(functions)).toHaveLength(2);
    for (const resource of Object.values(functions)) {
      expect(resource.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
      });
    }
  });

  it('lets the public function only Query and GetItem its table', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('PublicApi'),
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: ['dynamodb:GetItem', 'dynamodb:Query'], Effect: 'Allow' }),
        ],
      },
    });
  });

  it('routes the public GET paths to the public function, and loads the edition on deploy', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /editions' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /editions/{proxy+}',
    });
    const seeds = template.findResources('AWS::CloudFormation::CustomResource');
    const [seed] = Object.values(seeds);
    expect(JSON.parse(seed?.Properties.Edition).year).toBe(2020);
  });
});
