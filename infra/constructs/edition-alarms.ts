import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * What pages the organizers, series-wide: the API answering 5xx to more than 5% of requests, any
 * Lambda error or throttle, a mail job dead-lettered. Alarms go to an encrypted SNS topic (with an
 * email subscriber if given); each edition stack adds its own (an attendee message given up).
 */

export interface EditionAlarmsProps {
  api: HttpApi;
  functions: Record<string, IFunction>;
  /** Attendee mail, when the stack sends it (attendee-mail.ts). */
  mail?: { deadLetters: IQueue };
  email?: string;
}

export class EditionAlarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: EditionAlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the alarm topic; CloudWatch may use it to publish.',
    });
    key.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey',
    );
    this.topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    const notify = new SnsAction(this.topic);

    const fiveMinutes = Duration.minutes(5);
    const serverErrorRate = new Alarm(this, 'ApiServerErrorRate', {
      alarmDescription: 'More than 5% of API requests answered 5xx over 5 minutes.',
      metric: new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: props.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
          requests: props.api.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
        },
        period: fiveMinutes,
        label: '5xx %',
      }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    serverErrorRate.addAlarmAction(notify);

    if (props.mail) {
      const deadLetters = new Alarm(this, 'MailDeadLetters', {
        alarmDescription:
          'A mail job kept breaking the sender and was dead-lettered; the schedule queues its message again while it is unsent.',
        metric: props.mail.deadLetters.metricApproximateNumberOfMessagesVisible({
          period: fiveMinutes,
          statistic: 'Maximum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      deadLetters.addAlarmAction(notify);
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      for (const [kind, metric] of [
        ['Errors', fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' })],
        ['Throttles', fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' })],
      ] as const) {
        const alarm = new Alarm(this, `${name}${kind}`, {
          alarmDescription: `The ${name} function reported ${kind.toLowerCase()}.`,
          metric,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
        alarm.addAlarmAction(notify);
      }
    }
  }
}
