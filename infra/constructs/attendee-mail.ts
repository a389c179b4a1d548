import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Metric, Unit } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, type LogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAIL_GIVEN_UP, MAIL_PREFIX } from '../../functions/contract.ts';
import { FUNCTION_ENTRIES } from '../bundling.ts';
import { readOutboxStream } from './outbox-stream.ts';
import { WorkshopFunction } from './workshop-function.ts';

/**
 * Attendee mail in AWS. The table's stream brings new outbox messages (MAIL# inserts only) to a
 * fan-out function, which queues one job per message; the sender function sends each through
 * Amazon SES with the edition's configuration set, and a message to retry waits on the queue for
 * its visibility timeout. The configuration set reports bounces and complaints to an encrypted
 * topic, whose function marks the registration undeliverable. Each edition stack runs the
 * reminder function on a schedule of its own, with its year (infra/edition-stack.ts).
 */

/** Who the messages are from: an address verified in SES, alone or through its domain. */
export interface MailSenderSettings {
  /** The From address: `workshop@example.org`. */
  from: string;
  /** The verified SES identity it sends under: the address itself, or its domain. */
  identity: string;
}

/**
 * The sender from the CDK context (`-c mailFrom=… -c mailIdentity=…`): undefined without
 * `mailFrom`; an error when the identity cannot cover the address.
 */
export function mailSenderSettings(
  from: string | undefined,
  identity: string | undefined,
): MailSenderSettings | undefined {
  if (!from) return undefined;
  const at = from.lastIndexOf('@');
  if (at < 1 || at === from.length - 1 || /\s/.test(from)) {
    throw new Error(`mailFrom must be an email address, not "${from}".`);
  }
  const domain = from.slice(at + 1).toLowerCase();
  const chosen = (identity ?? from).toLowerCase();
  // A verified domain covers its subdomains' addresses too.
  if (chosen !== from.toLowerCase() && domain !== chosen && !domain.endsWith(`.${chosen}`)) {
    throw new Error(`mailIdentity ${chosen} is neither ${from} nor a domain it belongs to.`);
  }
  return { from, identity: identity ?? from };
}

/**
 * How long a job stays hidden while it is sent, and after an attempt cut short by an error: at
 * least six times the sender's timeout (the event source's rule), so no job is handed out twice
 * while it runs, and longer than the outbox's claim lease (60 s), so that a sender that died
 * mid-send has let go. After a passing failure the sender hides the job for its backoff instead
 * (ChangeMessageVisibility, doubling up to MAIL_RETRY's hour).
 */
const RETRY_AFTER = Duration.minutes(5);
/** As long as SQS keeps a message: a job retried hourly stays queued for two weeks. */
const MAIL_JOB_RETENTION = Duration.days(14);
/**
 * Receives before a job is dead-lettered: more than a job retried hourly (the backoff's cap) gets
 * in its retention, so only a job that keeps breaking the sender ends there. A message is given
 * up by the outbox, once it is no use any more, never by this count; a dead-lettered or expired
 * job is queued again by the schedule while its message is unsent.
 */
const MAX_RECEIVES = 400;
/** The metric the sender's "mail given up" log lines count, per edition. */
const MAIL_GIVEN_UP_METRIC = { namespace: 'Workshop/Mail', name: 'MailGivenUp' };

export interface AttendeeMailProps {
  table: Table;
  label: string;
  /** Where every link in a message starts. */
  publicUrl: string;
  /** The email HMAC key, which manage links are derived from. */
  emailHashKey: ISecret;
  sender: MailSenderSettings;
}

export class AttendeeMail extends Construct {
  readonly fanOut: WorkshopFunction;
  readonly sender: WorkshopFunction;
  readonly feedback: WorkshopFunction;
  readonly reminders: WorkshopFunction;
  readonly queue: Queue;
  readonly configurationSet: ConfigurationSet;
  readonly feedbackTopic: Topic;
  /** Jobs that kept breaking the sender. */
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: AttendeeMailProps) {
    super(scope, id);
    const { table, label } = props;

    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.deadLetters = deadLetters;
    this.queue = new Queue(this, 'Jobs', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: RETRY_AFTER,
      retentionPeriod: MAIL_JOB_RETENTION,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVES },
    });

    this.fanOut = new WorkshopFunction(this, 'FanOut', {
      entry: FUNCTION_ENTRIES.mailFanOut,
      description: `${label}: queues attendee messages for sending`,
      environment: { MAIL_QUEUE_URL: this.queue.queueUrl },
    });
    this.queue.grantSendMessages(this.fanOut.function);
    readOutboxStream(this.fanOut, table, MAIL_PREFIX);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // SES itself stops sending to an address that bounced or complained, account-wide.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    const stack = Stack.of(this);
    const sendingResources = [
      stack.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: props.sender.identity,
      }),
      stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
      }),
    ];

    this.sender = new WorkshopFunction(this, 'Sender', {
      entry: FUNCTION_ENTRIES.mailSender,
      description: `${label}: sends attendee messages through SES`,
      table,
      // Claim, settle and release are Updates, as is marking an address undeliverable; the
      // message is written from the registration, the edition, its join links, an announcement.
      // An announcement's fan-out is expanded here: its copies are Puts in chunk transactions.
      tableActions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:PutItem',
      ],
      environment: {
        MAIL_FROM: props.sender.from,
        MAIL_FROM_NAME: label,
        SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        PUBLIC_URL: props.publicUrl,
        EMAIL_HASH_KEY_SECRET_ARN: props.emailHashKey.secretArn,
        // Hides a job for its retry delay (the event source grants ChangeMessageVisibility).
        MAIL_QUEUE_URL: this.queue.queueUrl,
      },
      timeout: Duration.seconds(30),
    });
    props.emailHashKey.grantRead(this.sender.function);
    // SES v2 SendEmail with raw content is authorised as ses:SendRawEmail as well, on the sending
    // identity and on the configuration set it names; only from the configured address, even
    // where the identity is a whole domain.
    this.sender.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: sendingResources,
        conditions: { StringEquals: { 'ses:FromAddress': props.sender.from } },
      }),
    );
    this.sender.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // Two batches at a time, one message after the other in each: within SES's sending rate.
        maxConcurrency: 2,
      }),
    );

    // Each give-up logs one line (mail/delivery.ts): counted per edition, alarmed on by
    // each edition stack's alarm (edition-stack.ts), and the person is flagged in the organizers' list.
    const senderLogs = this.sender.node.findChild('Logs') as LogGroup;
    new MetricFilter(this, 'GivenUpFilter', {
      logGroup: senderLogs,
      filterPattern: FilterPattern.stringValue('$.message', '=', MAIL_GIVEN_UP),
      metricNamespace: MAIL_GIVEN_UP_METRIC.namespace,
      metricName: MAIL_GIVEN_UP_METRIC.name,
      metricValue: '1',
      dimensions: { Edition: '$.edition' },
      unit: Unit.COUNT,
    });

    const topicKey = new Key(this, 'FeedbackKey', {
      enableKeyRotation: true,
      description: 'Encrypts the SES feedback topic; SES may use it to publish.',
    });
    topicKey.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    this.feedbackTopic = new Topic(this, 'Feedback', { masterKey: topicKey, enforceSSL: true });
    // Bounces and complaints only: a reject is SES refusing the content (a virus), which says
    // nothing about the address, and the sender already records it as failed.
    new ConfigurationSetEventDestination(this, 'FeedbackDestination', {
      configurationSet: this.configurationSet,
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.feedback = new WorkshopFunction(this, 'FeedbackHandler', {
      entry: FUNCTION_ENTRIES.mailFeedback,
      description: `${label}: marks bounced and complained-about addresses undeliverable`,
      table,
      // The edition is the message's own tag (functions/mail/ses-feedback.ts).
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    });
    const failedFeedback = new Queue(this, 'FailedFeedback', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failedFeedback).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is where feedback events end after the feedback function failed them three times: the last stop, read by people.',
    });
    this.feedback.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(failedFeedback),
    });
    this.feedbackTopic.addSubscription(new LambdaSubscription(this.feedback.function));

    this.reminders = new WorkshopFunction(this, 'Reminders', {
      entry: FUNCTION_ENTRIES.mailReminders,
      description: `${label}: queues the reminders once they are due`,
      table,
      // The edition and the reminded mark are Gets, the confirmed list a Query; each reminder and
      // the mark are Puts.
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
      // It also queues again the messages nobody works on any more (the stream gave up on them).
      // The year is the scheduled event's (each edition stack's rule).
      environment: { MAIL_QUEUE_URL: this.queue.queueUrl },
      timeout: Duration.minutes(1),
    });
    this.queue.grantSendMessages(this.reminders.function);
  }

  /** Messages of one edition given up (refused for good, or no use any more), per 5 minutes. */
  givenUp(year: number): Metric {
    return new Metric({
      namespace: MAIL_GIVEN_UP_METRIC.namespace,
      metricName: MAIL_GIVEN_UP_METRIC.name,
      dimensionsMap: { Edition: String(year) },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
  }

  get functions(): Record<string, IFunction> {
    return {
      MailFanOut: this.fanOut.function,
      MailSender: this.sender.function,
      MailFeedback: this.feedback.function,
      MailReminders: this.reminders.function,
    };
  }
}
