import {
  Annotations,
  type CfnElement,
  CfnOutput,
  CrossStackReferences,
  Duration,
  Lazy,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Provider } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import {
  EDITOR_PARTITIONS,
  EVENTS_PREFIX,
  MAIL_PREFIX,
  ONLINE_ACCESS_PREFIX,
  PUBLIC_PARTITIONS,
  STATUS_INDEX,
} from '../functions/contract.ts';
import type { EditionSource } from '../shared/edition/schema.ts';
import { FUNCTION_ENTRIES } from './bundling.ts';
import { AttendeeMail, type MailSenderSettings } from './constructs/attendee-mail.ts';
import { ConsoleSite } from './constructs/console-site.ts';
import { EditionAlarms } from './constructs/edition-alarms.ts';
import { EditionApi } from './constructs/edition-api.ts';
import { EditionTable } from './constructs/edition-table.ts';
import { FrontDoor, type FrontDoorDomain } from './constructs/front-door.ts';
import { OrganizerAuth } from './constructs/organizer-auth.ts';
import { WebhookDelivery } from './constructs/webhook-delivery.ts';
import { WorkshopFunction } from './constructs/workshop-function.ts';

/**
 * One workshop series, every year of it: the table (each edition in partitions of its own), the
 * functions (one per bounded context), the HTTP API with organizer sign-in, the front door (one
 * distribution behind one web ACL), attendee mail (when a sender is given) and the alarms. Each
 * year is published into it by its edition stack (infra/edition-stack.ts), which also runs that
 * year's reminders.
 */

/**
 * What a function that reads and writes single items may do on the table. TransactWriteItems is
 * authorised per item: its Put, Update and Delete.
 */
const ITEM_WRITER_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

export interface SeriesStackProps extends StackProps {
  /** "hpcw": names the API and labels the functions. */
  series: string;
  /** How the API serves every year (infra/series/naming.ts, seriesApiSettings). */
  api: EditionSource['api'];
  /** The managed login domain's prefix; `<series>-organizers-<account>` when absent. */
  authDomainPrefix?: string;
  /**
   * The email key to adopt (the EmailHashKey a single-year stack retained), so that a year moved
   * from it keeps its registrations' email claims; a new key when absent.
   */
  emailHashKeySecretArn?: string;
  /** Where alarms are mailed; none when absent (the topic's ARN is an output). */
  alarmEmail?: string;
  /**
   * Who attendee messages are from (`-c mailFrom`, `-c mailIdentity`). Without it the stack sends
   * no mail: messages wait in the outbox until their TTL, and synthesis warns.
   */
  mail?: MailSenderSettings;
  /**
   * The CloudFront front door (infra/constructs/front-door.ts): the ARN of the series' web ACL
   * (its own stack in us-east-1, infra/firewall-stack.ts) and an optional custom domain. Without
   * it the API is served from its execute-api URL only.
   */
  frontDoor?: { webAclArn: string; domain?: FrontDoorDomain; originSecretVersion?: string };
  /**
   * The organizers' list (`-c organizersMail`): every registrations export and new webhook is
   * audited and mailed to it (through the attendee mail's outbox, so it needs mail too).
   */
  organizersMail?: readonly string[];
}

export class SeriesStack extends Stack {
  /** What each edition stack's custom resource calls to publish (and, asked to, purge) its year. */
  readonly seedServiceToken: string;
  readonly alarmTopic: ITopic;
  /** Attendee mail, when the series sends it: each edition schedules its reminders on it. */
  readonly mail: AttendeeMail | undefined;

  constructor(scope: Construct, id: string, props: SeriesStackProps) {
    super(scope, id, props);
    // What it reads from other stacks (the web ACL's ARN, from us-east-1) comes from their outputs
    // (Fn::GetStackOutput): no export, no custom resource. WAF refuses to delete a web ACL that a
    // distribution still uses, so the weak reference cannot dangle.
    CrossStackReferences.of(this).consume(ReferenceStrength.WEAK);
    const label = props.series.toUpperCase();
    const { table } = new EditionTable(this, 'Data');

    const emailHashKey = props.emailHashKeySecretArn
      ? Secret.fromSecretCompleteArn(this, 'EmailHashKey', props.emailHashKeySecretArn)
      : newEmailHashKey(this, label);

    const publicReads = new WorkshopFunction(this, 'PublicApi', {
      entry: FUNCTION_ENTRIES.public,
      description: `${label}: public agenda, talks, speakers and seats`,
      table,
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
      // Only the partitions it serves: no registrant, no audit entry, no join URL (those are for
      // confirmed registrants; denied besides, should the list above ever widen).
      allowedPartitions: PUBLIC_PARTITIONS,
      deniedPartitions: [ONLINE_ACCESS_PREFIX],
    });
    // The HTML pages (the default route) apart: the reads' cold start loads none of them.
    const pages = new WorkshopFunction(this, 'Pages', {
      entry: FUNCTION_ENTRIES.pages,
      description: `${label}: public pages and the problem types' pages`,
      table,
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
      allowedPartitions: PUBLIC_PARTITIONS,
      deniedPartitions: [ONLINE_ACCESS_PREFIX],
    });
    const registrations = new WorkshopFunction(this, 'Registrations', {
      entry: FUNCTION_ENTRIES.registrations,
      description: `${label}: self-service registration`,
      table,
      tableActions: [...ITEM_WRITER_ACTIONS],
      environment: { EMAIL_HASH_KEY_SECRET_ARN: emailHashKey.secretArn },
    });
    emailHashKey.grantRead(registrations.function);
    const cfp = new WorkshopFunction(this, 'Cfp', {
      entry: FUNCTION_ENTRIES.cfp,
      description: `${label}: the call for papers (submissions, reviews, speakers)`,
      table,
      tableActions: [...ITEM_WRITER_ACTIONS],
      allowedPartitions: CFP_PARTITIONS,
      // Speakers' email keys and submission tokens derive from the email HMAC key.
      environment: { EMAIL_HASH_KEY_SECRET_ARN: emailHashKey.secretArn },
    });
    emailHashKey.grantRead(cfp.function);
    const organizers = new WorkshopFunction(this, 'Organizers', {
      entry: FUNCTION_ENTRIES.organizers,
      description: `${label}: organizer routes of the day under /admin (registrations, check-in, delays, mail, webhooks)`,
      table,
      tableActions: [...ITEM_WRITER_ACTIONS],
      indexes: [STATUS_INDEX.name],
      // Organizer list cursors are signed with a key derived from this secret.
      environment: { EMAIL_HASH_KEY_SECRET_ARN: emailHashKey.secretArn },
    });
    emailHashKey.grantRead(organizers.function);
    if (props.organizersMail?.length) {
      organizers.function.addEnvironment('ORGANIZERS_MAIL', props.organizersMail.join(','));
    }
    // The draft and its releases: the function that carries the whole edition schema and YAML,
    // so that the day's organizer function starts without them.
    const editor = new WorkshopFunction(this, 'Editor', {
      entry: FUNCTION_ENTRIES.editor,
      description: `${label}: the draft and its releases under /admin`,
      table,
      // Draft, audit and releases are Puts; a release publishes (BatchWrite, the state Update,
      // seats for the waiting list in a transaction of Update and Delete).
      tableActions: [...ITEM_WRITER_ACTIONS, 'dynamodb:BatchWriteItem'],
      allowedPartitions: EDITOR_PARTITIONS,
    });
    // Its own function, so that no other bundle carries every context's schemas for it.
    const docs = new WorkshopFunction(this, 'Docs', {
      entry: FUNCTION_ENTRIES.docs,
      description: `${label}: the API's description, /openapi.json and /docs`,
    });

    const seeder = new WorkshopFunction(this, 'Seeder', {
      entry: FUNCTION_ENTRIES.seed,
      description: `${label}: publishes an edition file into the table when its stack deploys`,
      table,
      // Publishing writes items (BatchWrite), release 1 (Put), the state (Update) and seats for
      // the waiting list (a transaction of Update, Delete and the outbox event's Put). A purge
      // (an edition stack destroyed with -c purge=true) scans for the year's keys and deletes them.
      tableActions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:PutItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      timeout: Duration.minutes(5),
    });
    const seedProvider = new Provider(this, 'SeedProvider', { onEventHandler: seeder.function });
    // The CDK custom-resource framework: its relay function, role and invoke grant are CDK's.
    const seederArn = `<${this.getLogicalId(seeder.function.node.defaultChild as CfnElement)}.Arn>`;
    Validations.of(seedProvider).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The CDK custom-resource framework function uses the AWS basic execution role for its logs.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${seederArn}:*]`,
        reason: 'The framework may invoke any version of the one seeder function it relays to.',
      },
    );
    this.seedServiceToken = seedProvider.serviceToken;

    // The console's sign-in pages are on the series' public URL, known once the front door is.
    let publicUrl: string | undefined;
    const auth = new OrganizerAuth(this, 'OrganizerAuth', {
      domainPrefix: props.authDomainPrefix ?? `${props.series}-organizers-${this.account}`,
      publicUrl: Lazy.string({ produce: () => publicUrl }),
    });
    const { api } = new EditionApi(this, 'Http', {
      name: `${id}-api`,
      settings: props.api,
      publicReads: publicReads.function,
      pages: pages.function,
      registrations: registrations.function,
      organizers: organizers.function,
      editor: editor.function,
      cfp: cfp.function,
      docs: docs.function,
      userPool: auth.userPool,
      userPoolClient: auth.client,
    });
    // GET /auth/config: where the console and `npm run login` sign in.
    docs.function.addEnvironment('SIGN_IN_ISSUER', auth.issuer);
    docs.function.addEnvironment('SIGN_IN_CLIENT_ID', auth.client.userPoolClientId);
    docs.function.addEnvironment('SIGN_IN_SCOPES', auth.scopes);
    // The organizer console: its files in S3, served by the front door under /console.
    const consoleSite = props.frontDoor
      ? new ConsoleSite(this, 'Console', { signInOrigins: auth.signInOrigins, label })
      : undefined;

    const frontDoor = props.frontDoor
      ? new FrontDoor(this, 'FrontDoor', {
          api,
          webAclArn: props.frontDoor.webAclArn,
          ...(props.frontDoor.domain ? { domain: props.frontDoor.domain } : {}),
          ...(props.frontDoor.originSecretVersion
            ? { originSecretVersion: props.frontDoor.originSecretVersion }
            : {}),
          comment: `${label}: the API, public reads cached`,
          ...(consoleSite ? { leadingBehaviors: consoleSite.behaviors } : {}),
        })
      : undefined;
    if (frontDoor) consoleSite?.deploy(frontDoor.distribution);
    // Behind a front door, every function a route reaches answers only CloudFront (the header it
    // adds): the execute-api URL bypasses the web ACL and serves nothing.
    if (frontDoor) {
      for (const routed of [publicReads, pages, registrations, organizers, editor, cfp, docs]) {
        routed.function.addEnvironment('ORIGIN_SECRET_ARN', frontDoor.originSecret.secretArn);
        frontDoor.originSecret.grantRead(routed.function);
      }
    }
    // A release (the editor's, the seeder's) or a delay (the organizers') empties the front door's
    // cache of the edition's public paths.
    if (frontDoor) {
      // The call's function releases a speaker's materials (functions/releases/materials.ts).
      const releasers = [organizers, editor, seeder, cfp].map((made) => made.function);
      for (const releaser of releasers) {
        releaser.addEnvironment('DISTRIBUTION_ID', frontDoor.distribution.distributionId);
        frontDoor.distribution.grantCreateInvalidation(releaser);
      }
    }

    // Absolute links come from configuration, never from a request's Host header: the front door
    // when there is one.
    publicUrl = props.api.publicUrl ?? frontDoor?.url ?? api.apiEndpoint;
    publicReads.function.addEnvironment('PUBLIC_URL', publicUrl);
    registrations.function.addEnvironment('PUBLIC_URL', publicUrl);
    cfp.function.addEnvironment('PUBLIC_URL', publicUrl);
    // An announcement's preview shows the links its mail will carry.
    organizers.function.addEnvironment('PUBLIC_URL', publicUrl);

    const webhooks = new WebhookDelivery(this, 'Webhooks', { table, label });
    const mail = props.mail
      ? new AttendeeMail(this, 'Mail', {
          table,
          label,
          publicUrl,
          emailHashKey,
          sender: props.mail,
        })
      : undefined;
    this.mail = mail;
    if (!mail) {
      Annotations.of(this).addWarningV2(
        'workshop:mail-not-configured',
        'No attendee mail: deploy with -c mailFrom=<verified address> (and -c mailIdentity=<domain> when the domain is the verified identity) to send it.',
      );
    }

    const alarms = new EditionAlarms(this, 'Alarms', {
      api,
      functions: {
        PublicApi: publicReads.function,
        Pages: pages.function,
        Registrations: registrations.function,
        Organizers: organizers.function,
        Editor: editor.function,
        Cfp: cfp.function,
        Docs: docs.function,
        ...webhooks.functions,
        ...mail?.functions,
      } satisfies Record<string, IFunction>,
      ...(mail ? { mail: { deadLetters: mail.deadLetters } } : {}),
      ...(props.alarmEmail ? { email: props.alarmEmail } : {}),
    });
    this.alarmTopic = alarms.topic;

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    if (frontDoor) {
      new CfnOutput(this, 'PublicUrl', { value: frontDoor.url });
      new CfnOutput(this, 'ConsoleUrl', { value: `${frontDoor.url}/console/` });
      new CfnOutput(this, 'DistributionId', { value: frontDoor.distribution.distributionId });
      new CfnOutput(this, 'AccessLogBucket', { value: frontDoor.logs.bucketName });
    }
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    if (mail) {
      new CfnOutput(this, 'MailConfigurationSet', {
        value: mail.configurationSet.configurationSetName,
      });
    }
  }
}

/**
 * The partitions the call for papers touches (dynamodb:LeadingKeys): its own (submissions and
 * reviews, speakers' person ids), the mail and event outboxes, Idempotency-Keys, and what its
 * parts read and write of the edition: the published edition, the draft, audit and releases (a
 * confirmed talk joins the draft; a speaker's materials are published at once). No registrant
 * partition, no join URL.
 */
const CFP_PARTITIONS = [
  'SUBMISSIONS#',
  'SPEAKERMAIL#',
  MAIL_PREFIX,
  EVENTS_PREFIX,
  'IDEMPOTENCY#',
  'DRAFT#',
  'AUDIT#',
  ...PUBLIC_PARTITIONS.filter((partition) => partition !== 'SEATS#'),
] as const;

function newEmailHashKey(scope: Construct, label: string) {
  const key = new Secret(scope, 'EmailHashKey', {
    description: `${label}: HMAC key for registration email uniqueness`,
    generateSecretString: { passwordLength: 48, excludePunctuation: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(key).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason:
      'The key identifies email claims of existing registrations; rotating it would let an address register twice.',
  });
  return key;
}
