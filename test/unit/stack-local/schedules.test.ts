import { describe, expect, it } from 'vitest';
import { cronExpression, rateMs } from '../../../scripts/stack-local/schedules.ts';

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
