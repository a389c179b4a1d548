import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { STATUS_INDEX, TABLE_KEYS, TTL_ATTRIBUTE } from '../../functions/contract.ts';

/** The edition's data: kept whatever happens to the stack (retained, protected, recoverable). */
export class EditionTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // New outbox events reach the webhook functions through the stream.
      stream: StreamViewType.NEW_IMAGE,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: STATUS_INDEX.name,
      partitionKey: { name: STATUS_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: STATUS_INDEX.sortKey, type: AttributeType.STRING },
    });
  }
}
