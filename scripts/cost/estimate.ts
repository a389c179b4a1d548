import { emptyResources, type Resources, type StackResources } from './assembly.ts';
import { PRICES } from './prices.ts';

/**
 * The monthly cost of a design for N editions: the fixed part from its stacks (the series'
 * once, each year's N times) and the usage part from the bench's calls per request under a
 * stated traffic (TRAFFIC), both priced with PRICES.
 */

/** The traffic the usage part assumes, per month. */
export const TRAFFIC = {
  /** Public reads of the upcoming edition (agenda, details, talks). */
  upcomingReads: 100_000,
  /** Public reads of each archived edition. */
  archivedReads: 5_000,
  /** Registrations and cancellations (of the upcoming edition). */
  registrations: 300,
  cancellations: 30,
  /** Organizers signing in (monthly active users of the user pool). */
  organizers: 5,
  /** The share of public reads by route (bench/agenda-cost.ts row ids). */
  readMix: { agenda: 0.5, 'agenda-304': 0.3, details: 0.1, talk: 0.1 } as Record<string, number>,
  /** Every request reaches the API: no CloudFront cache hit counted (an upper bound). */
  bytesPerResponse: 5_000,
  /** Log lines per request (the function's and the HTTP API's access log). */
  logBytesPerRequest: 1_500,
  /** Billed duration of a write (the bench measures reads only). */
  writeMs: 50,
  /** Items of a registration's or cancellation's transaction (registration, email claim, seat
   * counter, mail and event outbox items), each under 1 KB: 2 write units each. */
  transactionItems: 5,
  /** Stored data of one edition (registrations, releases, audit), GB. */
  gbPerEdition: 0.01,
} as const;

export type Traffic = typeof TRAFFIC;

/** What bench/results.json says of calls per request (its raw.cost part). */
export interface BenchCost {
  reads: { id: string; p50: number; capacity: number }[];
  writes: { id: string; capacity: number; commands: string; breakdown?: string }[];
}

export interface Line {
  item: string;
  quantity: number;
  unit: number;
  monthly: number;
}

const add = (a: Resources, b: Resources, times = 1): Resources => {
  const sum = emptyResources();
  for (const key of Object.keys(sum) as (keyof Resources)[]) {
    if (key === 'functionMemory') continue;
    sum[key] = (a[key] as number) + (b[key] as number) * times;
  }
  sum.functionMemory = [...a.functionMemory, ...b.functionMemory];
  return sum;
};

/** The resources of a design with `editions` years: the series' once, a year's average N times. */
export function resourcesFor(stacks: StackResources[], editions: number): Resources {
  const series = stacks.filter((stack) => stack.year === undefined);
  const yearly = stacks.filter((stack) => stack.year !== undefined);
  const years = new Set(yearly.map((stack) => stack.year)).size;
  let total = emptyResources();
  for (const stack of series) total = add(total, stack.resources);
  for (const stack of yearly) total = add(total, stack.resources, editions / years);
  return total;
}

/** The fixed monthly lines: what is paid per resource, whatever the traffic. */
export function fixedLines(resources: Resources): Line[] {
  const line = (item: string, quantity: number, unit: number): Line => ({
    item,
    quantity,
    unit,
    monthly: quantity * unit,
  });
  return [
    line('WAF web ACLs', resources.webAcls, PRICES.webAclMonth),
    line('WAF rules', resources.wafRules, PRICES.wafRuleMonth),
    line('CloudWatch alarm metrics', resources.alarmMetrics, PRICES.alarmMetricMonth),
    line('CloudWatch composite alarms', resources.compositeAlarms, PRICES.compositeAlarmMonth),
    line('log metric filters (custom metrics)', resources.filterMetrics, PRICES.customMetricMonth),
    line('CloudWatch dashboards', resources.dashboards, PRICES.dashboardMonth),
    line('KMS keys', resources.kmsKeys, PRICES.kmsKeyMonth),
    line('Secrets Manager secrets', resources.secrets, PRICES.secretMonth),
    line('Route 53 hosted zones', resources.hostedZones, PRICES.hostedZoneMonth),
    // Counted to compare designs; no monthly fee (they are paid per use, in the usage part).
    line('Cognito user pools (per active user)', resources.userPools, 0),
    line('CloudFront distributions (per request)', resources.distributions, 0),
    line('DynamoDB tables (per request and GB)', resources.tables, 0),
    line('Lambda functions (per request)', resources.functions, 0),
  ];
}

const perMillion = (price: number) => price / 1_000_000;

/** The usage part for N editions: requests, data and sign-ins, same for any stack layout. */
export function usageLines(
  bench: BenchCost,
  resources: Resources,
  editions: number,
  traffic: Traffic = TRAFFIC,
): Line[] {
  const memoryGb = mostCommon(resources.functionMemory, 128) / 1024;
  const gbSecond =
    resources.armFunctions * 2 >= resources.functions
      ? PRICES.lambdaArmPerGbSecond
      : PRICES.lambdaX86PerGbSecond;
  // What every request pays on its way: front door, firewall, API, one invocation, its logs.
  const edge =
    perMillion(
      PRICES.cloudFrontPerMillionRequests +
        PRICES.wafPerMillionRequests +
        PRICES.httpApiPerMillionRequests +
        PRICES.lambdaPerMillionRequests,
    ) +
    (traffic.logBytesPerRequest / 1e9) * PRICES.logsPerGbIngested;
  const read = Object.entries(traffic.readMix).reduce(
    (sum, [id, share]) => {
      const row = bench.reads.find((candidate) => candidate.id === id);
      if (!row) throw new Error(`bench/results.json has no cost.${id} row: run npm run bench.`);
      const compute = memoryGb * (row.p50 / 1000) * gbSecond;
      const units = row.capacity * perMillion(PRICES.dynamoPerMillionReadUnits);
      return sum + share * (compute + units);
    },
    edge + (traffic.bytesPerResponse / 1e9) * PRICES.cloudFrontPerGbOut,
  );
  const write = (id: string) => {
    const row = bench.writes.find((candidate) => candidate.id === id);
    if (!row) throw new Error(`bench/results.json has no cost.${id} row: run npm run bench.`);
    const transactions = Number(/([\d.]+) TransactWriteItems/.exec(row.breakdown ?? '')?.[1] ?? 1);
    const writeUnits = transactions * traffic.transactionItems * 2;
    // Its message: the stream's fan-out and the sender (two invocations), three queue calls, SES.
    const mail =
      2 * perMillion(PRICES.lambdaPerMillionRequests) +
      3 * perMillion(PRICES.sqsPerMillionRequests) +
      PRICES.sesPerThousandEmails / 1000;
    return (
      edge +
      memoryGb * (traffic.writeMs / 1000) * gbSecond +
      row.capacity * perMillion(PRICES.dynamoPerMillionReadUnits) +
      writeUnits * perMillion(PRICES.dynamoPerMillionWriteUnits) +
      mail
    );
  };
  const reads = traffic.upcomingReads + (editions - 1) * traffic.archivedReads;
  const line = (item: string, quantity: number, unit: number): Line => ({
    item,
    quantity,
    unit,
    monthly: quantity * unit,
  });
  const storagePrice =
    PRICES.dynamoStoragePerGbMonth + (resources.pitrTables > 0 ? PRICES.dynamoPitrPerGbMonth : 0);
  return [
    line('public reads', reads, read),
    line('registrations', traffic.registrations, write('register')),
    line('cancellations', traffic.cancellations, write('cancel')),
    line('organizer sign-ins (MAU)', traffic.organizers, PRICES.cognitoEssentialsPerMau),
    line('stored data, GB', editions * traffic.gbPerEdition, storagePrice),
  ];
}

function mostCommon(values: number[], otherwise: number): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? otherwise;
}

export const total = (lines: Line[]) => lines.reduce((sum, line) => sum + line.monthly, 0);
