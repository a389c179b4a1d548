import { Match } from 'aws-cdk-lib/assertions';
import { expect, it } from 'vitest';
import { MAIL_LEASE_MS } from '#functions/data/mail/mail-outbox.ts';
import { MAIL_RETRY } from '#functions/mail/delivery.ts';
import { editionTemplates, resourcesOf, template } from './synthesized.ts';

/** The series' attendee mail: queue, sender, SES feedback; each year's reminders and alarm (run inside its describe). */
export function attendeeMailChecks(): void {
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

  it('lets the mail sender hide a job for its backoff, and counts and alarms on every message given up, per year', () => {
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
    // Each year's own alarm, on the series' topic (an export of the series stack).
    for (const [year, edition] of editionTemplates) {
      edition.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Workshop/Mail',
        MetricName: 'MailGivenUp',
        Dimensions: [{ Name: 'Edition', Value: String(year) }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('AlarmsTopic') }],
      });
    }
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'MailGivenUp' }, 0);
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

  it('looks for due reminders of each year every 15 minutes, the year in the event', () => {
    template.resourceCountIs('AWS::Events::Rule', 0);
    for (const [year, edition] of editionTemplates) {
      edition.resourceCountIs('AWS::Events::Rule', 1);
      edition.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(15 minutes)',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::ImportValue': Match.stringLikeRegexp('MailRemindersFunction') },
            Input: JSON.stringify({ year }),
          }),
        ],
      });
      // EventBridge may invoke the series' function for this year's rule.
      edition.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        FunctionName: { 'Fn::ImportValue': Match.stringLikeRegexp('MailRemindersFunction') },
      });
    }
    // No function reads the year from its environment any more.
    for (const fn of resourcesOf('AWS::Lambda::Function')) {
      expect(fn.Properties.Environment?.Variables?.EDITION_YEAR).toBeUndefined();
    }
  });
}
