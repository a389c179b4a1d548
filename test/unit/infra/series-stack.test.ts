import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { editionStackId, seriesStackId } from '../../../infra/series/naming.ts';
import { seedEdition } from '../../support/editions.ts';
import { attendeeMailChecks } from './series-stack/attendee-mail.ts';
import { consoleChecks } from './series-stack/console.ts';
import { firewallChecks } from './series-stack/firewall.ts';
import { frontDoorChecks } from './series-stack/front-door.ts';
import { seriesChecks } from './series-stack/series.ts';
import {
  editionTemplates,
  firewallTemplate,
  nagReport,
  normalized,
  resourcesOf,
  synthesize,
  template,
} from './series-stack/synthesized.ts';

beforeAll(synthesize, 300_000);

describe('the series stack', () => {
  it('is named after the series; each edition stack after the series and the year', () => {
    expect(seriesStackId('hpcw')).toBe('HpcwSeries');
    expect(editionStackId(seedEdition())).toBe('Hpcw2020');
  });

  it('passes cdk-nag (AWS Solutions) with every acknowledgement explained', () => {
    const [report] = nagReport.pluginReports;
    expect(report?.conclusion).toBe('success');
    expect(report?.violations).toEqual([]);
    for (const suppressed of report?.suppressedViolations ?? [])
      expect(suppressed.reason.length).toBeGreaterThan(30);
  });

  it('keeps the table: retained, deletion-protected, point-in-time recovery, TTL, encrypted, on demand', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
      }),
    });
  });

  it('runs the fourteen house functions on Node 24 and arm64 with source maps', () => {
    const functions = resourcesOf('AWS::Lambda::Function').filter(
      (resource) => resource.Properties.Environment?.Variables?.NODE_OPTIONS,
    );
    expect(functions).toHaveLength(14);
    // The documentation reads no table; the mail fan-out reads only the table's stream.
    expect(
      functions
        .filter((resource) => !resource.Properties.Environment.Variables.TABLE_NAME)
        .map((resource) => resource.Properties.Description),
    ).toEqual([
      expect.stringMatching(/openapi\.json/),
      expect.stringMatching(/queues attendee messages/),
    ]);
    for (const resource of functions) {
      expect(resource.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
        LoggingConfig: { LogGroup: expect.anything() },
      });
    }
    for (const logGroup of resourcesOf('AWS::Logs::LogGroup')) {
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('grants no wildcard IAM action anywhere', () => {
    const actions = resourcesOf('AWS::IAM::Policy').flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.flatMap(
        (statement: { Action: string | string[] }) => [statement.Action].flat(),
      ),
    );
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  it.each([
    ['PublicApi', ['dynamodb:GetItem', 'dynamodb:Query']],
    ['Pages', ['dynamodb:GetItem', 'dynamodb:Query']],
    // The day's organizer routes write in transactions; only a release publishes in batches.
    [
      'Organizers',
      [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
    ],
    [
      'Editor',
      [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
      ],
    ],
    [
      'Registrations',
      [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
    ],
    ['Docs', []],
    // The fan-out reads the table's stream, nothing in the table.
    [
      'MailFanOut',
      [
        'dynamodb:ListStreams',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
      ],
    ],
    [
      'MailSender',
      ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    ],
    ['MailFeedbackHandler', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
    ['MailReminders', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']],
  ])('lets the %s function do only %j on its table', (name, tableActions) => {
    const policies = resourcesOf('AWS::IAM::Policy').filter((policy) =>
      policy.Properties.PolicyName.startsWith(name),
    );
    const dynamoActions = policies.flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.flatMap(
        (statement: { Action: string | string[]; Effect: string }) =>
          statement.Effect === 'Allow'
            ? [statement.Action].flat().filter((action) => action.startsWith('dynamodb:'))
            : [],
      ),
    );
    expect(new Set(dynamoActions)).toEqual(new Set(tableActions));
  });

  it('denies the public functions (reads and pages), and only them, every read of the join-URL partitions', () => {
    const denials = resourcesOf('AWS::IAM::Policy').flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.filter(
        (statement: { Effect: string }) => statement.Effect === 'Deny',
      ).map((statement: Record<string, unknown>) => ({
        policy: policy.Properties.PolicyName.replace(/Role.*$/, ''),
        action: statement.Action,
        condition: statement.Condition,
      })),
    );
    const denial = (name: string) => ({
      policy: expect.stringMatching(new RegExp(`^${name}`)),
      action: ['dynamodb:GetItem', 'dynamodb:Query'],
      condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['ONLINE#*'] } },
    });
    expect(denials).toHaveLength(2);
    expect(denials).toEqual(expect.arrayContaining([denial('PublicApi'), denial('Pages')]));
  });

  it('puts the JWT authorizer on exactly the /admin routes', () => {
    const routes = resourcesOf('AWS::ApiGatewayV2::Route');
    const protectedRoutes = routes.filter((route) => route.Properties.AuthorizationType === 'JWT');
    expect(protectedRoutes.map((route) => route.Properties.RouteKey).sort()).toEqual([
      'ANY /admin/editions/{year}/agenda/releases',
      'ANY /admin/editions/{year}/draft',
      'ANY /admin/editions/{year}/draft/{proxy+}',
      'ANY /admin/editions/{year}/submissions',
      'ANY /admin/editions/{year}/submissions/{proxy+}',
      'ANY /admin/{proxy+}',
      'POST /admin/editions/{year}/check-ins',
    ]);
    const open = routes
      .filter((route) => route.Properties.AuthorizationType !== 'JWT')
      .map((route) => route.Properties.RouteKey);
    expect(open.sort()).toEqual([
      '$default',
      'ANY /editions/{year}/submissions/{proxy+}',
      'DELETE /editions/{year}/registrations/{id}',
      'GET /auth/config',
      'GET /docs',
      'GET /editions',
      'GET /editions/{proxy+}',
      'GET /editions/{year}/cfp',
      'GET /editions/{year}/registrations/{id}',
      'GET /editions/{year}/registrations/{id}/check-in.svg',
      'GET /openapi.json',
      'GET /speakers/{personId}',
      'POST /editions/{year}/registrations',
      'POST /editions/{year}/submissions',
      'POST /{year}/manage',
      'POST /{year}/submission',
    ]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'organizers' });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('lets the call for papers touch only its partitions, and gives submitting a throttle of its own', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
    const [, cfpPolicy] = policies.find(([id]) => id.startsWith('CfpRole')) ?? [];
    const statements = cfpPolicy?.Properties.PolicyDocument.Statement as {
      Action: string[];
      Condition?: Record<string, Record<string, string[]>>;
    }[];
    const table = statements.find((statement) => statement.Action.includes('dynamodb:PutItem'));
    const partitions = table?.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    expect(partitions).toEqual(expect.arrayContaining(['SUBMISSIONS#*', 'MAIL#*', 'EVENTS#*']));
    for (const privatePartition of ['REG#*', 'ONLINE#*', 'SEATS#*', 'WEBHOOKS#*', 'DELIVERIES#*'])
      expect(partitions).not.toContain(privatePartition);
    const [stage] = resourcesOf('AWS::ApiGatewayV2::Stage');
    expect(stage?.Properties.RouteSettings['POST /editions/{year}/submissions']).toEqual({
      ThrottlingRateLimit: 10,
      ThrottlingBurstLimit: 20,
    });
  });

  it('throttles and logs the stage, without IP addresses, and allows CORS only from the editions’ origins', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
    });
    const [stage] = resourcesOf('AWS::ApiGatewayV2::Stage');
    expect(stage?.Properties.AccessLogSettings.Format).not.toMatch(/sourceIp|userAgent|identity/);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['http://qnib.org', 'https://qnib.org'],
      }),
    });
  });

  it('alarms on the 5xx rate, Lambda errors and throttles, mail dead-lettered, to an encrypted topic', () => {
    const alarms = resourcesOf('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(1 + 13 * 2 + 1);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
  });

  it('delivers webhooks from the table stream (outbox events only) through an encrypted queue with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('EVENTS#') }] },
      BisectBatchOnFunctionError: true,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 12 }),
    });
  });

  attendeeMailChecks();

  it('lets only the functions that derive from the email key read it', () => {
    const readers = resourcesOf('AWS::IAM::Policy')
      .filter((policy) =>
        policy.Properties.PolicyDocument.Statement.some(
          (statement: { Action: string | string[]; Resource: { Ref?: string } }) =>
            [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
            statement.Resource.Ref?.startsWith('EmailHashKey'),
        ),
      )
      .map((policy) => policy.Properties.PolicyName.replace(/Role.*$/, ''));
    expect(readers.sort()).toEqual(['Cfp', 'MailSender', 'Organizers', 'Registrations']);
  });

  it('outputs what an organizer needs', () => {
    for (const output of [
      'ApiUrl',
      'TableName',
      'UserPoolId',
      'UserPoolClientId',
      'SignInUrl',
      'AlarmTopicArn',
      'MailConfigurationSet',
      'PublicUrl',
      'ConsoleUrl',
      'DistributionId',
      'AccessLogBucket',
    ]) {
      template.hasOutput(output, Match.anyValue());
    }
  });

  it('matches the reviewed template, asset hashes aside', () => {
    expect(normalized(template.toJSON())).toMatchSnapshot();
    expect(normalized(firewallTemplate.toJSON())).toMatchSnapshot();
    // The year's file aside: it is the fixture's.
    const edition = structuredClone(editionTemplates.get(2021)?.toJSON());
    if (!edition) throw new Error('No 2021 edition stack.');
    edition.Resources.Seed.Properties.Edition = '[the 2021 edition file]';
    expect(normalized(edition)).toMatchSnapshot();
  });
});

seriesChecks();
frontDoorChecks();
consoleChecks();
firewallChecks();
