import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { composeSeries } from '../../../../infra/series/compose.ts';
import {
  ACCOUNT,
  editionTemplates,
  REGION,
  resourcesOf,
  seriesEditions,
  stackTemplates,
  template,
} from './synthesized.ts';

/** Names CloudFormation gives a resource when the template names it: they must not collide. */
const PHYSICAL_NAME_PROPERTIES = [
  'TableName',
  'FunctionName',
  'RoleName',
  'QueueName',
  'TopicName',
  'AlarmName',
  'LogGroupName',
  'BucketName',
  'UserPoolName',
  'Domain',
  'Name',
];

/** The whole series in a few stacks: one of everything shared, one small stack per year. */
export function seriesChecks(): void {
  describe('the series with 2020 and 2021', () => {
    const everywhere = (type: string) =>
      [...stackTemplates.values()].flatMap((stack) => resourcesOf(type, stack));

    it('has one table, one user pool, one distribution and one web ACL for both years, and a stack per year', () => {
      expect([...stackTemplates.keys()].sort()).toEqual([
        'Hpcw2020',
        'Hpcw2021',
        'HpcwSeries',
        'HpcwSeriesFirewall',
      ]);
      for (const type of [
        'AWS::DynamoDB::Table',
        'AWS::Cognito::UserPool',
        'AWS::Cognito::UserPoolDomain',
        'AWS::Cognito::UserPoolClient',
        'AWS::CloudFront::Distribution',
        'AWS::WAFv2::WebACL',
        'AWS::ApiGatewayV2::Api',
        'AWS::SES::ConfigurationSet',
      ]) {
        expect(everywhere(type), type).toHaveLength(1);
      }
      expect(everywhere('AWS::Lambda::Function').length).toBeGreaterThan(11);
      // A year is its published file, its schedule and its alarm; a permission to run the one.
      for (const [year, edition] of editionTemplates) {
        expect(
          Object.values(edition.toJSON().Resources)
            .map((resource) => (resource as { Type: string }).Type)
            .sort(),
        ).toEqual([
          'AWS::CloudFormation::CustomResource',
          'AWS::CloudWatch::Alarm',
          'AWS::Events::Rule',
          'AWS::Lambda::Permission',
        ]);
        const [seed] = resourcesOf('AWS::CloudFormation::CustomResource', edition);
        expect(JSON.parse(seed?.Properties.Edition).year).toBe(year);
        expect(seed?.Properties.ServiceToken).toEqual({
          'Fn::ImportValue': expect.stringMatching(/^HpcwSeries:.*SeedProvider/),
        });
        // Destroying the year keeps its data unless the stack was deployed to purge.
        expect(seed?.Properties.Purge).toBeUndefined();
      }
    });

    it('signs organizers in through managed login: a code-flow client without a secret, for the console and a CLI', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: `hpcw-organizers-${ACCOUNT}`,
        ManagedLoginVersion: 2,
      });
      template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        GenerateSecret: false,
        CallbackURLs: [
          {
            'Fn::Join': [
              '',
              [
                'https://',
                { 'Fn::GetAtt': [Match.stringLikeRegexp('^FrontDoorDistribution'), 'DomainName'] },
                '/console/callback',
              ],
            ],
          },
          'http://localhost:8765/callback',
        ],
        SupportedIdentityProviders: ['COGNITO'],
      });
      const [client] = resourcesOf('AWS::Cognito::UserPoolClient');
      expect(client?.Properties.AllowedOAuthFlows).not.toContain('implicit');
      expect(
        resourcesOf('AWS::Cognito::UserPoolGroup').map((group) => group.Properties.GroupName),
      ).toEqual(['organizers', 'reviewers']);
      template.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ DeletionProtection: 'ACTIVE', MfaConfiguration: 'ON' }),
      });
    });

    it('never repeats a stack name, an export or a physical name across the years', () => {
      const exports = [...stackTemplates.values()].flatMap((stack) =>
        Object.values(stack.toJSON().Outputs ?? {}).flatMap((output) => {
          const name = (output as { Export?: { Name: unknown } }).Export?.Name;
          return name === undefined ? [] : [JSON.stringify(name)];
        }),
      );
      expect(exports.length).toBeGreaterThan(0);
      expect(new Set(exports).size).toBe(exports.length);
      const names = [...stackTemplates.values()].flatMap((stack) =>
        Object.values(stack.toJSON().Resources).flatMap((resource) => {
          const { Type, Properties = {} } = resource as {
            Type: string;
            Properties?: Record<string, unknown>;
          };
          // A name the template gives (a string, or one joined from parts), not a reference to
          // another resource's (a permission's FunctionName).
          const given = (value: unknown) =>
            typeof value === 'string' ||
            (typeof value === 'object' && value !== null && 'Fn::Join' in value);
          return PHYSICAL_NAME_PROPERTIES.filter((key) => given(Properties[key])).map(
            (key) => `${Type} ${key} ${JSON.stringify(Properties[key])}`,
          );
        }),
      );
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    });

    it('synthesizes the same series stack for one year (-c edition=2021), and purges only when a year is named', {
      timeout: 60_000,
    }, () => {
      const synth = (selected?: string, purge?: boolean) =>
        composeSeries(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), {
          editions: seriesEditions(),
          account: ACCOUNT,
          region: REGION,
          ...(selected ? { selected } : {}),
          ...(purge ? { purge } : {}),
        });
      const one = synth('2021', true);
      expect(one.editions.map((stack) => stack.stackName)).toEqual(['Hpcw2021']);
      expect(Template.fromStack(one.series).toJSON()).toEqual(
        Template.fromStack(synth().series).toJSON(),
      );
      Template.fromStack(one.editions[0] as never).hasResourceProperties(
        'AWS::CloudFormation::CustomResource',
        { Purge: 'true' },
      );
      expect(() => synth(undefined, true)).toThrow(/-c edition=<year>/);
      expect(() => synth('2019')).toThrow(/No edition file for edition=2019/);
    });
  });
}
