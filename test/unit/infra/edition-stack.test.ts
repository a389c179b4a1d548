import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAIL_LEASE_MS } from '#functions/data/mail-outbox.ts';
import { MAIL_RETRY } from '#functions/notifications/delivery.ts';
import { EditionStack, editionStackId } from '../../../infra/edition-stack.ts';
import { FirewallStack, firewallStackId } from '../../../infra/firewall-stack.ts';
import { seedEdition } from '../../support/editions.ts';

let template: Template;
let firewallTemplate: Template;
let nagReport: {
  pluginReports: {
    conclusion: string;
    violations: unknown[];
    suppressedViolations: { ruleName: string; reason: string }[];
  }[];
};

beforeAll(() => {
  const edition = seedEdition();
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const id = editionStackId(edition);
  // The web ACL reaches the edition stack across regions: both stacks have a fixed region.
  const account = '123456789012';
  const firewall = new FirewallStack(app, firewallStackId(id), {
    env: { account, region: 'us-east-1' },
  });
  const stack = new EditionStack(app, id, {
    edition,
    alarmEmail: 'ops@example.org',
    mail: { from: 'workshop@hpcw.example', identity: 'hpcw.example' },
    frontDoor: { webAclArn: firewall.webAcl.attrArn },
    env: { account, region: 'eu-central-1' },
  });
  template = Template.fromStack(stack);
  firewallTemplate = Template.fromStack(firewall);
  const assembly = app.synth();
  nagReport = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
}, 300_000);

const resourcesOf = (type: string) => Object.values(template.findResources(type));

describe('the edition stack', () => {
  it('is named after the series and the year', () => {
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

  it('runs the eleven house functions on Node 24 and arm64 with source maps', () => {
    const functions = resourcesOf('AWS::Lambda::Function').filter(
      (resource) => resource.Properties.Environment?.Variables?.NODE_OPTIONS,
    );
    expect(functions).toHaveLength(11);
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
    [
      'Organizers',
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

  it('denies the PublicApi function, and only it, every read of the join-URL partitions', () => {
    const denials = resourcesOf('AWS::IAM::Policy').flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.filter(
        (statement: { Effect: string }) => statement.Effect === 'Deny',
      ).map((statement: Record<string, unknown>) => ({
        policy: policy.Properties.PolicyName.replace(/Role.*$/, ''),
        action: statement.Action,
        condition: statement.Condition,
      })),
    );
    expect(denials).toEqual([
      {
        policy: expect.stringMatching(/^PublicApi/),
        action: ['dynamodb:GetItem', 'dynamodb:Query'],
        condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['ONLINE#*'] } },
      },
    ]);
  });

  it('puts the JWT authorizer on exactly the /admin routes', () => {
    const routes = resourcesOf('AWS::ApiGatewayV2::Route');
    const protectedRoutes = routes.filter((route) => route.Properties.AuthorizationType === 'JWT');
    expect(protectedRoutes.map((route) => route.Properties.RouteKey).sort()).toEqual([
      'ANY /admin/{proxy+}',
      'POST /admin/editions/{year}/check-ins',
    ]);
    const open = routes
      .filter((route) => route.Properties.AuthorizationType !== 'JWT')
      .map((route) => route.Properties.RouteKey);
    expect(open.sort()).toEqual([
      '$default',
      'DELETE /editions/{year}/registrations/{id}',
      'GET /docs',
      'GET /editions',
      'GET /editions/{proxy+}',
      'GET /editions/{year}/registrations/{id}',
      'GET /editions/{year}/registrations/{id}/check-in.svg',
      'GET /openapi.json',
      'GET /speakers/{personId}',
      'POST /editions/{year}/registrations',
      'POST /{year}/manage',
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

  it('throttles and logs the stage, without IP addresses, and allows CORS only from the edition origins', () => {
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

  it('alarms on the 5xx rate, Lambda errors and throttles, mail given up or dead-lettered, to an encrypted topic', () => {
    const alarms = resourcesOf('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(1 + 10 * 2 + 2);
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

  it('sends attendee mail from the table stream (MAIL# inserts only) through an encrypted queue, one batch item at a time', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { NewImage: { pk: { S: [{ prefix: 'MAIL#' }] } } },
            }),
          },
        ],
      },
      BisectBatchOnFunctionError: true,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^MailSender') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    const [jobs] = Object.entries(template.findResources('AWS::SQS::Queue')).filter(([id]) =>
      id.startsWith('MailJobs'),
    );
    const queue = jobs?.[1].Properties;
    expect(queue).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^MailDeadLetters/), 'Arn'] },
      },
    });
    // The outbox gives a message up (once it is no use), never the queue: a job retried at the
    // backoff's cap for as long as SQS keeps it is received fewer times than the dead-letter count.
    const retention = queue.MessageRetentionPeriod;
    expect(retention).toBe(14 * 24 * 3600);
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThan(
      (retention * 1000) / MAIL_RETRY.maxDelayMs,
    );
    expect(MAIL_RETRY.maxDelayMs).toBe(3_600_000);
    // A dead sender's claim has run out by the time its job comes back.
    expect(queue.VisibilityTimeout * 1000).toBeGreaterThan(MAIL_LEASE_MS);
  });

  it('lets the mail sender hide a job for its backoff, and counts and alarms on every message given up', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('sends attendee messages'),
      Environment: {
        Variables: Match.objectLike({
          MAIL_QUEUE_URL: { Ref: Match.stringLikeRegexp('^MailJobs') },
        }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^MailSenderRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:ChangeMessageVisibility']),
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailJobs'), 'Arn'] },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('^MailSenderLogs') },
      FilterPattern: '{ $.message = "mail given up" }',
      MetricTransformations: [
        Match.objectLike({
          MetricNamespace: 'Workshop/Mail',
          MetricName: 'MailGivenUp',
          MetricValue: '1',
          Dimensions: [{ Key: 'Edition', Value: '$.edition' }],
        }),
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Workshop/Mail',
      MetricName: 'MailGivenUp',
      Dimensions: [{ Name: 'Edition', Value: '2020' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailDeadLetters'), 'QueueName'] },
        },
      ],
      Threshold: 1,
    });
  });

  it('has an SES configuration set that reports bounces and complaints to an encrypted topic, and the feedback function', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.stringLikeRegexp('^MailConfigurationSet') },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^MailFeedback') } },
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailFeedbackKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: Match.stringLikeRegexp('^MailFeedback') },
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailFeedbackHandler'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^MailFeedbackHandler') },
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailFailedFeedback'), 'Arn'] },
        },
      },
    });
  });

  it('lets only the mail sender send, from the sender identity with the configuration set', () => {
    const sesStatements = resourcesOf('AWS::IAM::Policy').flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.filter(
        (statement: { Action: string | string[] }) =>
          [statement.Action].flat().some((action) => action.startsWith('ses:')),
      ).map((statement: Record<string, unknown>) => ({
        policy: policy.Properties.PolicyName,
        ...statement,
      })),
    );
    // The stack's region and account are fixed (the front door's cross-region reference).
    const arn = (resource: string, ...rest: unknown[]) => ({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, `:ses:eu-central-1:123456789012${resource}`, ...rest],
      ],
    });
    expect(sesStatements).toEqual([
      {
        policy: expect.stringMatching(/^MailSenderRole/),
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Condition: { StringEquals: { 'ses:FromAddress': 'workshop@hpcw.example' } },
        Resource: [
          arn(':identity/hpcw.example'),
          arn(':configuration-set/', { Ref: expect.stringMatching(/^MailConfigurationSet/) }),
        ],
      },
    ]);
  });

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
    expect(readers.sort()).toEqual(['MailSender', 'Organizers', 'Registrations']);
  });

  it('looks for due reminders every 15 minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailRemindersFunction'), 'Arn'] },
        }),
      ],
    });
  });

  it('publishes the edition file on deploy and outputs what an organizer needs', () => {
    const [seed] = resourcesOf('AWS::CloudFormation::CustomResource');
    expect(JSON.parse(seed?.Properties.Edition).year).toBe(2020);
    for (const output of [
      'ApiUrl',
      'TableName',
      'UserPoolId',
      'UserPoolClientId',
      'AlarmTopicArn',
      'MailConfigurationSet',
      'PublicUrl',
      'DistributionId',
      'AccessLogBucket',
    ]) {
      template.hasOutput(output, Match.anyValue());
    }
  });

  it('matches the reviewed template, asset hashes aside', () => {
    expect(normalized(template.toJSON())).toMatchSnapshot();
    expect(normalized(firewallTemplate.toJSON())).toMatchSnapshot();
  });
});

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'];

describe('the front door', () => {
  const distribution = () => {
    const [resource] = resourcesOf('AWS::CloudFront::Distribution');
    return resource?.Properties.DistributionConfig;
  };

  it('caches public GETs as long as the API says, keyed by query string and Origin, compressed', () => {
    expect(distribution().DefaultCacheBehavior).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      CachedMethods: ['GET', 'HEAD'],
      CachePolicyId: { Ref: expect.stringMatching(/^FrontDoorPublicReads/) },
      OriginRequestPolicyId: { Ref: expect.stringMatching(/^FrontDoorPreflight/) },
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
    });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        // Without Cache-Control from the API nothing is kept.
        DefaultTTL: 0,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Origin'] },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      }),
    });
    // Neither Authorization nor Host reaches the API from a cached path.
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: ['Access-Control-Request-Method', 'Access-Control-Request-Headers'],
        },
        CookiesConfig: { CookieBehavior: 'none' },
      }),
    });
  });

  it('never caches /admin or registrations, and passes every method and viewer header but Host', () => {
    const behaviours = distribution().CacheBehaviors;
    expect(behaviours.map((behaviour: { PathPattern: string }) => behaviour.PathPattern)).toEqual([
      '/admin/*',
      '/editions/*/registrations*',
      '/*/manage',
    ]);
    for (const behaviour of behaviours) {
      expect(behaviour).toMatchObject({
        AllowedMethods: ALL_METHODS,
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: 'https-only',
      });
    }
  });

  it('acknowledges the TLS finding only for the default certificate, whose policy CloudFront fixes', () => {
    const [report] = nagReport.pluginReports;
    const cfr4 = report?.suppressedViolations.filter(
      ({ ruleName }) => ruleName === 'AwsSolutions-CFR4',
    );
    expect(cfr4).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/-c domainName/) }),
    ]);
    expect(distribution().ViewerCertificate).toBeUndefined();
  });

  it('speaks HTTP/2 and HTTP/3 to viewers, TLS 1.2 to the API, behind the edition web ACL from us-east-1', () => {
    expect(distribution()).toMatchObject({
      HttpVersion: 'http2and3',
      Origins: [
        {
          CustomOriginConfig: {
            OriginProtocolPolicy: 'https-only',
            OriginSSLProtocols: ['TLSv1.2'],
          },
          DomainName: {
            'Fn::Select': [
              2,
              { 'Fn::Split': ['/', { 'Fn::GetAtt': [expect.any(String), 'ApiEndpoint'] }] },
            ],
          },
        },
      ],
      WebACLId: {
        'Fn::GetStackOutput': {
          StackName: 'Hpcw2020Firewall',
          Region: 'us-east-1',
          OutputName: expect.any(String),
        },
      },
    });
  });

  it('logs to a private, encrypted, SSL-only bucket that forgets after 30 days', () => {
    expect(distribution().Logging).toEqual({
      Bucket: {
        'Fn::GetAtt': [expect.stringMatching(/^FrontDoorAccessLogs/), 'RegionalDomainName'],
      },
      IncludeCookies: false,
      Prefix: 'cloudfront/',
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30 })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets only the organizers and the seeder invalidate, and only this distribution', () => {
    const invalidators = resourcesOf('AWS::IAM::Policy').flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.filter(
        (statement: { Action: string | string[] }) =>
          [statement.Action].flat().some((action) => action.startsWith('cloudfront:')),
      ).map((statement: Record<string, unknown>) => ({
        policy: policy.Properties.PolicyName.replace(/Role.*$/, ''),
        ...statement,
      })),
    );
    const arn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':cloudfront::123456789012:distribution/',
          { Ref: expect.stringMatching(/^FrontDoorDistribution/) },
        ],
      ],
    };
    expect(invalidators.sort((a, b) => a.policy.localeCompare(b.policy))).toEqual([
      {
        policy: 'Organizers',
        Effect: 'Allow',
        Action: 'cloudfront:CreateInvalidation',
        Resource: arn,
      },
      { policy: 'Seeder', Effect: 'Allow', Action: 'cloudfront:CreateInvalidation', Resource: arn },
    ]);
    const withDistribution = resourcesOf('AWS::Lambda::Function')
      .filter((resource) => resource.Properties.Environment?.Variables?.DISTRIBUTION_ID)
      .map((resource) => resource.Properties.Description);
    expect(withDistribution).toEqual([
      expect.stringMatching(/organizer routes/),
      expect.stringMatching(/publishes the edition file/),
    ]);
  });

  it('hands out links on the CloudFront domain', () => {
    const links = resourcesOf('AWS::Lambda::Function')
      .map((resource) => resource.Properties.Environment?.Variables?.PUBLIC_URL)
      .filter(Boolean);
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const link of links) {
      expect(link).toEqual({
        'Fn::Join': [
          '',
          [
            'https://',
            { 'Fn::GetAtt': [expect.stringMatching(/^FrontDoorDistribution/), 'DomainName'] },
          ],
        ],
      });
    }
  });
});

describe('the firewall stack', () => {
  const rules = () => {
    const [acl] = Object.values(firewallTemplate.findResources('AWS::WAFv2::WebACL'));
    return acl?.Properties.Rules;
  };

  it('is a CloudFront web ACL that lets through what no rule stops', () => {
    firewallTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
    });
  });

  it('limits registrations per IP address: POST on the registrations path only, 429 with Retry-After', () => {
    expect(rules()[0]).toMatchObject({
      Name: 'registration-rate',
      Priority: 0,
      Action: {
        Block: {
          CustomResponse: {
            ResponseCode: 429,
            ResponseHeaders: [{ Name: 'retry-after', Value: '300' }],
          },
        },
      },
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: 'IP',
          Limit: 100,
          EvaluationWindowSec: 300,
          ScopeDownStatement: {
            AndStatement: {
              Statements: [
                {
                  ByteMatchStatement: {
                    FieldToMatch: { Method: {} },
                    PositionalConstraint: 'EXACTLY',
                    SearchString: 'POST',
                  },
                },
                {
                  RegexMatchStatement: {
                    FieldToMatch: { UriPath: {} },
                    RegexString: '^/editions/[0-9]+/registrations/?$',
                  },
                },
              ],
            },
          },
        },
      },
    });
    const regex = new RegExp(
      rules()[0].Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements[1]
        .RegexMatchStatement.RegexString,
    );
    expect(regex.test('/editions/2020/registrations')).toBe(true);
    expect(regex.test('/editions/2020/registrations/abc')).toBe(false);
    expect(regex.test('/admin/editions/2020/registrations')).toBe(false);
  });

  it('applies the AWS managed common rule set, counting only its 8 KB body limit', () => {
    expect(rules()[1]).toMatchObject({
      Name: 'aws-common-rule-set',
      OverrideAction: { None: {} },
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
        },
      },
    });
    expect(rules()).toHaveLength(2);
  });
});

/** Asset hashes and the bootstrap bucket change with every build and machine: blank them. */
function normalized(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '[asset-hash]$1')
      .replace(/cdk-hnb659fds-assets-[^"]+/g, '[assets-bucket]'),
  );
}
