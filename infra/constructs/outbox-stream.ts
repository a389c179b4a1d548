import { Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { WorkshopFunction } from './workshop-function.ts';

/**
 * A function that reads one outbox from the table's stream: new items whose key starts with
 * `prefix` (webhook events, attendee messages), in batches, retried and bisected on error.
 * DynamoDB serves two readers per shard at full speed: a third would need a filter on one of these.
 */
export function readOutboxStream(reader: WorkshopFunction, table: Table, prefix: string): void {
  table.grantStreamRead(reader.function);
  Validations.of(reader).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason:
      'dynamodb:ListStreams has no resource-level permissions; the other stream actions are on this table’s stream.',
  });
  reader.function.addEventSource(
    new DynamoEventSource(table, {
      startingPosition: StartingPosition.LATEST,
      batchSize: 10,
      retryAttempts: 5,
      bisectBatchOnError: true,
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { pk: { S: FilterRule.beginsWith(prefix) } } },
        }),
      ],
    }),
  );
}
