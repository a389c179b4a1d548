import { randomUUID } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import type { LocalFunction } from './lambda-host.ts';

/**
 * EventBridge schedules (AWS::Events::Rule with a ScheduleExpression), on the local clock: a
 * `rate(…)` from the start, a `cron(…)` (EventBridge's six fields, in UTC) by cron-parser. Each
 * run invokes the rule's Lambda targets with the target's Input, or the scheduled event.
 */

interface ScheduledTarget {
  function: LocalFunction;
  /** The target's Input (a JSON text), when it has one. */
  input?: string;
}

export interface ScheduleSettings {
  ruleArn: string;
  expression: string;
  account: string;
  region: string;
  targets: ScheduledTarget[];
  clock(): Date;
  log(entry: Record<string, unknown>): void;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** `rate(15 minutes)` -> 900000; undefined for anything else. */
export function rateMs(expression: string): number | undefined {
  const match = /^rate\((\d+)\s+(minute|hour|day)s?\)$/.exec(expression.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
}

/**
 * EventBridge's `cron(min hour day-of-month month day-of-week year)` as a five-field expression:
 * `?` is `*`, days of the week count from SUN=1 (cron from SUN=0), the year field is dropped (a
 * rule bound to other years is reported and never runs).
 */
export function cronExpression(expression: string): { fields: string; years: string } | undefined {
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const parts = (match[1] ?? '').trim().split(/\s+/);
  if (parts.length !== 6) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const weekday = dayOfWeek.replace(/\d+/g, (digits) => String((Number(digits) + 6) % 7));
  const fields = [minute, hour, dayOfMonth, month, weekday].map((field) =>
    field === '?' ? '*' : field,
  );
  return { fields: fields.join(' '), years: year };
}

function nextCronRun(fields: string, after: Date): Date {
  return CronExpressionParser.parse(fields, { currentDate: after, tz: 'UTC' }).next().toDate();
}

export function schedule(settings: ScheduleSettings): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const fire = async () => {
    const time = settings.clock();
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: settings.account,
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: settings.region,
      resources: [settings.ruleArn],
      detail: {},
    };
    settings.log({ message: 'schedule fired', rule: settings.ruleArn, time: event.time });
    await Promise.all(
      settings.targets.map((target) =>
        target.function.invoke(
          target.input === undefined ? event : (JSON.parse(target.input) as unknown),
        ),
      ),
    );
  };
  const rate = rateMs(settings.expression);
  const cron = cronExpression(settings.expression);
  const planNext = () => {
    if (stopped) return;
    let delay: number;
    if (rate !== undefined) delay = rate;
    else if (cron) {
      const now = settings.clock();
      delay = nextCronRun(cron.fields, now).getTime() - now.getTime();
    } else {
      settings.log({
        message: 'schedule not understood',
        rule: settings.ruleArn,
        expression: settings.expression,
      });
      return;
    }
    timer = setTimeout(
      () => {
        fire()
          .catch(() => undefined)
          .finally(planNext);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    timer.unref();
  };
  if (
    cron &&
    cron.years !== '*' &&
    !cron.years.split(/[,-]/).includes(String(settings.clock().getUTCFullYear()))
  ) {
    settings.log({
      message: 'schedule bound to other years',
      rule: settings.ruleArn,
      expression: settings.expression,
    });
  }
  planNext();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
