import { readFileSync } from 'node:fs';
import { parseEditionFile } from '#shared/edition/parse.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { TRAFFIC } from '../../scripts/cost/estimate.ts';
import type { DynamoCost } from './dynamo-meter.ts';
import { DAY_PRICES, type DayPrices, FUNCTION_MEMORY_GB } from './prices.ts';

/**
 * What the workshop day costs at public prices (the `cost.day` row): the `day.screens` mix
 * (bench/day-screens.ts) scaled to the day, priced with prices.ts.
 *
 * - Hours: the 2020 edition's agenda, first start to last end.
 * - `GET /now`: the rate the bench's pollers kept (its `mix.now` requests over `pollers` and
 *   `seconds`), for SCREENS screens over those hours.
 * - Check-ins and delays: as many as the bench sent (`mix.checkIn`, `mix.delay`): the door's
 *   100 people once, and the organizer's delays, per day.
 * - Every request passes CloudFront and its web ACL and reaches the HTTP API and a function: `/now`
 *   answers `Cache-Control: no-cache` (functions/public/app.ts), which the front door's cache
 *   policy (minimum TTL 0) does not keep, and `/admin/*` is never cached (front-door.ts).
 * - Lambda duration: the bench's p50 of `/now` over local HTTP, rounded up to the millisecond, as
 *   the billed time of a poll; `TRAFFIC.writeMs` (scripts/cost/estimate.ts) for a check-in or a
 *   delay. DynamoDB: each kind's read and write units per request, as the meter read them.
 * - Free tiers are left out, as `npm run cost` leaves them out. Data transfer out is not counted
 *   (the bench does not report bytes).
 */

const SCREENS = 300;

/** The length of an edition's day, first start to last end, in hours (2020: 08:45 to 18:00). */
export function agendaHours(file = 'editions/hpcw-2020.yaml'): number {
  const { details } = publishEdition(parseEditionFile(file, readFileSync(file, 'utf8')));
  return (Date.parse(details.endsAt) - Date.parse(details.startsAt)) / 3_600_000;
}

/** What bench/day-screens.ts prints with --json (issue 26). */
export interface DayScreens {
  seconds: number;
  pollers: number;
  checkIns: number;
  delays: number;
  ours: {
    requests: number;
    p50: number;
    p99: number;
    max: number;
    serverErrors: number;
    statusCounts: Record<string, number>;
  };
  bare: { requests: number; p50: number; p99: number; max: number };
  ratio: number;
  cost: { now: DynamoCost; checkIn: DynamoCost; delay: DynamoCost };
  mix: { now: number; checkIn: number; delay: number };
}

interface CostLine {
  item: string;
  quantity: number;
  /** US dollars per unit. */
  unit: number;
  usd: number;
}

export interface DayCost {
  hours: number;
  screens: number;
  requests: { now: number; checkIn: number; delay: number };
  lines: CostLine[];
  usd: number;
}

export function dayCost(
  day: DayScreens,
  hours: number,
  prices: DayPrices = DAY_PRICES,
  screens = SCREENS,
): DayCost {
  const perScreenSecond = day.mix.now / Math.max(1, day.pollers * day.seconds);
  const requests = {
    now: Math.round(perScreenSecond * screens * hours * 3600),
    checkIn: day.mix.checkIn,
    delay: day.mix.delay,
  };
  const all = requests.now + requests.checkIn + requests.delay;
  const kinds = [
    [requests.now, day.cost.now, Math.max(1, Math.ceil(day.ours.p50))],
    [requests.checkIn, day.cost.checkIn, TRAFFIC.writeMs],
    [requests.delay, day.cost.delay, TRAFFIC.writeMs],
  ] as const;
  const sum = (of: (kind: (typeof kinds)[number]) => number) =>
    kinds.reduce((total, kind) => total + of(kind), 0);
  const line = (item: string, quantity: number, unit: number): CostLine => ({
    item,
    quantity,
    unit,
    usd: quantity * unit,
  });
  const lines = [
    line(prices.cloudFrontRequest.item, all, prices.cloudFrontRequest.usd),
    line(prices.wafRequest.item, all, prices.wafRequest.usd),
    line(prices.httpApiRequest.item, all, prices.httpApiRequest.usd),
    line(prices.lambdaRequest.item, all, prices.lambdaRequest.usd),
    line(
      `${prices.lambdaArmGbSecond.item}, ${FUNCTION_MEMORY_GB * 1024} MB`,
      sum(([count, , ms]) => count * (ms / 1000) * FUNCTION_MEMORY_GB),
      prices.lambdaArmGbSecond.usd,
    ),
    line(
      prices.dynamoReadUnit.item,
      sum(([count, cost]) => count * cost.readUnits),
      prices.dynamoReadUnit.usd,
    ),
    line(
      prices.dynamoWriteUnit.item,
      sum(([count, cost]) => count * cost.writeUnits),
      prices.dynamoWriteUnit.usd,
    ),
  ];
  return {
    hours,
    screens,
    requests,
    lines,
    usd: lines.reduce((total, entry) => total + entry.usd, 0),
  };
}
