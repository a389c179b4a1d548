import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InvokeOutcome, LocalFunction } from '../../../scripts/stack-local/lambda-host.ts';
import { cronExpression, rateMs, schedule } from '../../../scripts/stack-local/schedules.ts';

afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const events: unknown[] = [];
  const fn = {
    invoke: async (event: unknown): Promise<InvokeOutcome> => {
      events.push(event);
      return { ok: true, result: null };
    },
  } as unknown as LocalFunction;
  return { events, fn };
}

describe('EventBridge schedule expressions', () => {
  it('reads rate() in minutes, hours and days', () => {
    expect(rateMs('rate(15 minutes)')).toBe(900_000);
    expect(rateMs('rate(1 hour)')).toBe(3_600_000);
    expect(rateMs('rate(2 days)')).toBe(172_800_000);
    expect(rateMs('cron(0 9 * * ? *)')).toBeUndefined();
  });

  it('turns cron() into five fields: ? as *, days of the week from SUN=1 to SUN=0', () => {
    expect(cronExpression('cron(0 9 ? * MON-FRI *)')).toEqual({
      fields: '0 9 * * MON-FRI',
      years: '*',
    });
    expect(cronExpression('cron(30 6 ? * 2-6 2030)')).toEqual({
      fields: '30 6 * * 1-5',
      years: '2030',
    });
    expect(cronExpression('cron(0 12 1 * ? *)')?.fields).toBe('0 12 1 * *');
    expect(cronExpression('rate(5 minutes)')).toBeUndefined();
  });
});

describe('schedule', () => {
  it("invokes a rate rule's targets each period with the scheduled event, or their Input", async () => {
    vi.useFakeTimers({ now: new Date('2020-04-01T10:00:00Z') });
    const plain = recorder();
    const withInput = recorder();
    const rule = schedule({
      ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/r',
      expression: 'rate(15 minutes)',
      account: '000000000000',
      region: 'us-east-1',
      targets: [{ function: plain.fn }, { function: withInput.fn, input: '{"year":2020}' }],
      clock: () => new Date(),
      log: () => undefined,
    });
    await vi.advanceTimersByTimeAsync(14 * 60_000);
    expect(plain.events).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(plain.events).toEqual([
      expect.objectContaining({
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        time: '2020-04-01T10:15:00Z',
        resources: ['arn:aws:events:us-east-1:000000000000:rule/r'],
      }),
    ]);
    expect(withInput.events).toEqual([{ year: 2020 }]);
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(plain.events).toHaveLength(2);
    rule.stop();
  });

  it('invokes a cron rule at its next minute on the clock, in UTC', async () => {
    vi.useFakeTimers({ now: new Date('2020-04-01T11:58:30Z') });
    const { events, fn } = recorder();
    const rule = schedule({
      ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/c',
      expression: 'cron(0 12 ? * * *)',
      account: '000000000000',
      region: 'us-east-1',
      targets: [{ function: fn }],
      clock: () => new Date(),
      log: () => undefined,
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(events).toEqual([expect.objectContaining({ time: '2020-04-01T12:00:00Z' })]);
    rule.stop();
  });
});
