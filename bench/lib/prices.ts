import { PRICES } from '../../scripts/cost/prices.ts';

/**
 * The public on-demand prices the workshop day is priced at (`cost.day`), each with the page it
 * comes from and what was read on `read` to check it. The numbers are those of
 * scripts/cost/prices.ts (`npm run cost` prices the same stack with them): one place for a price.
 *
 * Region: us-east-1. The stack takes the CLI's region (CDK_DEFAULT_REGION, infra/app.ts) and names
 * none; `npm run cost` prices us-east-1, and so does this, so that the two agree. Another region
 * (eu-central-1, nearer the workshop) lists other prices.
 */

export interface Price {
  /** What is paid for, and per what. */
  item: string;
  /** US dollars per one unit (a request, a request unit, a GB-second). */
  usd: number;
  /** The unit as the page states it, e.g. "$0.125 per million read request units". */
  listed: string;
  /** The provider's pricing page. */
  source: string;
  /** What was read to check the figure, and when; `found: false` when no page read showed it. */
  checked: { url: string; read: string; found: boolean; note?: string };
}

const READ = '2026-12-02';
const perMillion = (usd: number) => usd / 1_000_000;

export const DAY_PRICES = {
  dynamoReadUnit: {
    item: 'DynamoDB on-demand read request unit',
    usd: perMillion(PRICES.dynamoPerMillionReadUnits),
    listed: `$${PRICES.dynamoPerMillionReadUnits} per million read request units`,
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: {
      url: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
      read: READ,
      found: true,
      note: 'US East, after the November 2024 on-demand reduction (AWS page itself not among the pages read; some summaries still quote the $0.25 from before it)',
    },
  },
  dynamoWriteUnit: {
    item: 'DynamoDB on-demand write request unit',
    usd: perMillion(PRICES.dynamoPerMillionWriteUnits),
    listed: `$${PRICES.dynamoPerMillionWriteUnits} per million write request units`,
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: {
      url: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
      read: READ,
      found: true,
      note: 'US East, after the November 2024 on-demand reduction',
    },
  },
  lambdaRequest: {
    item: 'Lambda request',
    usd: perMillion(PRICES.lambdaPerMillionRequests),
    listed: `$${PRICES.lambdaPerMillionRequests} per million requests`,
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: {
      url: 'https://git.mcrn.ar/mariano/lambda_local_runner/src/commit/957e45b8adae23ce50b966346229585b5df18b4d/docs/lambdas-md/lambda-13-cost.md?display=rendered',
      read: READ,
      found: true,
      note: 'x86 and arm64 alike (the AWS page read shows the model, not the figure)',
    },
  },
  lambdaArmGbSecond: {
    item: 'Lambda duration, Arm (arm64, as infra/constructs/workshop-function.ts builds every function)',
    usd: PRICES.lambdaArmPerGbSecond,
    listed: `$${PRICES.lambdaArmPerGbSecond} per GB-second (first 7.5 billion GB-s a month)`,
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: {
      url: 'https://cloudchipr.com/blog/aws-lambda-pricing',
      read: READ,
      found: true,
      note: 'US East (N. Virginia)',
    },
  },
  httpApiRequest: {
    item: 'API Gateway HTTP API request',
    usd: perMillion(PRICES.httpApiPerMillionRequests),
    listed: `$${PRICES.httpApiPerMillionRequests} per million requests (first 300 million a month)`,
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    checked: {
      url: 'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html',
      read: READ,
      found: true,
      note: 'us-east-1, AWS whitepaper, table 4',
    },
  },
  cloudFrontRequest: {
    item: 'CloudFront HTTPS request (United States, Europe)',
    usd: PRICES.cloudFrontPerMillionRequests / 1_000_000,
    listed: '$0.0100 per 10,000 HTTPS requests',
    source: 'https://aws.amazon.com/cloudfront/pricing/',
    checked: {
      url: 'https://aws.amazon.com/cloudfront/pricing/',
      read: READ,
      found: false,
      note: 'not found: the page as read lists data transfer ($0.085 per GB, first 10 TB) and the always-free 10 million requests, not the request rate; the figure is scripts/cost/prices.ts’s, unconfirmed',
    },
  },
  wafRequest: {
    item: 'AWS WAF request inspected (the web ACL before the distribution)',
    usd: perMillion(PRICES.wafPerMillionRequests),
    listed: `$${PRICES.wafPerMillionRequests} per million requests`,
    source: 'https://aws.amazon.com/waf/pricing/',
    checked: {
      url: 'https://c3x.dev/blog/aws-waf-cost-explained/',
      read: READ,
      found: true,
      note: 'the same in every region (AWS networking blog, "Cost-effective ways for securing your web applications using AWS WAF")',
    },
  },
} satisfies Record<string, Price>;

export type DayPrices = typeof DAY_PRICES;

/**
 * Every workshop function's memory: infra/constructs/workshop-function.ts's default, which no
 * function overrides (test/unit/bench checks the infra snapshot).
 */
export const FUNCTION_MEMORY_GB = 512 / 1024;
