/**
 * Public AWS list prices, us-east-1, in US dollars, in one place: `npm run cost` prices an
 * assembly with these and nothing else. Taken from the AWS pricing pages named beside each
 * (as published since the November 2024 DynamoDB on-demand reduction), checked against public
 * summaries of those pages on 2026-12-02. Free tiers are left out: they are per account, not per
 * stack, so they are the same for every design compared.
 */
export const PRICES = {
  // https://aws.amazon.com/waf/pricing/ : $5.00 per web ACL per month, $1.00 per rule (a managed
  // rule group of AWS Managed Rules counts as one rule, no subscription fee but Bot Control and
  // Fraud Control), $0.60 per million requests inspected.
  webAclMonth: 5,
  wafRuleMonth: 1,
  wafPerMillionRequests: 0.6,
  // https://aws.amazon.com/cloudwatch/pricing/ : standard-resolution alarm $0.10 per alarm metric
  // per month (a metric-math alarm pays for each metric it reads), composite alarm $0.50, custom
  // metric (a log metric filter makes one) $0.30, dashboard $3.00; logs ingested $0.50 per GB.
  alarmMetricMonth: 0.1,
  compositeAlarmMonth: 0.5,
  customMetricMonth: 0.3,
  dashboardMonth: 3,
  logsPerGbIngested: 0.5,
  // https://aws.amazon.com/kms/pricing/ : $1.00 per customer managed key per month.
  kmsKeyMonth: 1,
  // https://aws.amazon.com/secrets-manager/pricing/ : $0.40 per secret per month.
  secretMonth: 0.4,
  // https://aws.amazon.com/route53/pricing/ : $0.50 per hosted zone per month.
  hostedZoneMonth: 0.5,
  // https://aws.amazon.com/cognito/pricing/ : Essentials tier $0.015 per monthly active user
  // (no charge per user pool).
  cognitoEssentialsPerMau: 0.015,
  // https://aws.amazon.com/cloudfront/pricing/ : HTTPS requests $0.0100 per 10,000 (United States,
  // Europe), data transfer out to the internet $0.085 per GB (first 10 TB); no charge per
  // distribution.
  cloudFrontPerMillionRequests: 1,
  cloudFrontPerGbOut: 0.085,
  // https://aws.amazon.com/api-gateway/pricing/ : HTTP APIs $1.00 per million requests (first 300 M).
  httpApiPerMillionRequests: 1,
  // https://aws.amazon.com/lambda/pricing/ : $0.20 per million requests; Arm $0.0000133334 and x86
  // $0.0000166667 per GB-second.
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaX86PerGbSecond: 0.0000166667,
  // https://aws.amazon.com/dynamodb/pricing/on-demand/ : $0.125 per million read request units,
  // $0.625 per million write request units; storage $0.25 per GB-month, continuous backups
  // (point-in-time recovery) $0.20 per GB-month.
  dynamoPerMillionReadUnits: 0.125,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoStoragePerGbMonth: 0.25,
  dynamoPitrPerGbMonth: 0.2,
  // https://aws.amazon.com/sqs/pricing/ : standard queues $0.40 per million requests.
  sqsPerMillionRequests: 0.4,
  // https://aws.amazon.com/ses/pricing/ : $0.10 per 1,000 outbound emails.
  sesPerThousandEmails: 0.1,
} as const;
