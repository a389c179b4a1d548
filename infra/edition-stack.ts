import {
  CrossStackReferences,
  CustomResource,
  Duration,
  ReferenceStrength,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import type { EditionSource } from '../shared/edition/schema.ts';
import type { SeriesStack } from './series-stack.ts';

/**
 * One year of a series (`cdk deploy Hpcw2021`): its edition file published into the series'
 * table on every deploy (the series' seeder, through a custom resource), its reminder schedule
 * and its own alarm. Nothing here is shared with another year, and nothing of another year is
 * touched when it deploys. Destroying it keeps the year's data (the archive, still served by the
 * series) unless it was deployed with `-c purge=true`: then its custom resource's Delete removes
 * every item of the year from the table.
 */

export interface EditionStackProps extends StackProps {
  edition: EditionSource;
  /** The series the year belongs to: its table (through the seeder), mail and alarm topic. */
  series: SeriesStack;
  /** Delete the year's items when this stack is destroyed (`-c purge=true`). */
  purge?: boolean;
}

export class EditionStack extends Stack {
  constructor(scope: Construct, id: string, props: EditionStackProps) {
    super(scope, id, props);
    // Exports of the series stack: it cannot drop what a year still uses.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { edition, series } = props;
    const { year } = edition;
    new CustomResource(this, 'Seed', {
      serviceToken: series.seedServiceToken,
      // Purge: read by the seeder's Delete (functions/seed/handler.ts); absent, the data stays.
      properties: { Edition: JSON.stringify(edition), ...(props.purge ? { Purge: 'true' } : {}) },
    });

    const { mail } = series;
    if (!mail) return;
    new Rule(this, 'ReminderSchedule', {
      description: `${edition.shortTitle}: looks whether the reminders of ${year} are due`,
      schedule: Schedule.rate(Duration.minutes(15)),
      // A missed run is made up by the next one: queueing reminders is idempotent. The series'
      // reminder function takes the year from the event (functions/mail/reminder-handler.ts).
      targets: [
        new LambdaFunction(mail.reminders.function, {
          event: RuleTargetInput.fromObject({ year }),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(10),
        }),
      ],
    });
    new Alarm(this, 'MailGivenUp', {
      alarmDescription: `An attendee message of ${year} was given up (refused, or no use any more): the organizers list and CSV flag the person in mailUndeliverable; POST /admin/editions/${year}/mail/redrive tries again.`,
      metric: mail.givenUp(year),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(series.alarmTopic));
  }
}
