import { describe, expect, it } from 'vitest';
import {
  circuitBreaker,
  DatabaseUnavailableError,
  inFlightLimit,
  QueueTimeoutError,
} from '#functions/data/table/flow-control.ts';
import { isTransient, isUnreachable } from '#functions/data/table/retry.ts';

describe('the in-flight limit', () => {
  it('lets calls through up to the limit, then serves the earliest deadline first', async () => {
    const slots = inFlightLimit(2);
    const now = Date.now();
    await slots.acquire(now + 10_000);
    await slots.acquire(now + 10_000);
    const order: string[] = [];
    const late = slots.acquire(now + 9_000).then(() => order.push('later deadline'));
    const early = slots.acquire(now + 5_000).then(() => order.push('earlier deadline'));
    expect(slots.waiting).toBe(2);
    slots.release();
    slots.release();
    await Promise.all([late, early]);
    expect(order).toEqual(['earlier deadline', 'later deadline']);
    expect(slots.inFlight).toBe(2);
  });

  it('gives up waiting at the deadline with a timeout, and forgets the waiter', async () => {
    const slots = inFlightLimit(1);
    await slots.acquire(Date.now() + 10_000);
    await expect(slots.acquire(Date.now() + 20)).rejects.toBeInstanceOf(QueueTimeoutError);
    expect(slots.waiting).toBe(0);
    slots.release();
    expect(slots.inFlight).toBe(0);
  });
});

describe('the circuit breaker', () => {
  it('opens after consecutive failures, fails fast with Retry-After, then lets one probe through', () => {
    let now = 0;
    const circuit = circuitBreaker({ threshold: 3, coolDownMs: 2_000, now: () => now });
    for (let failure = 0; failure < 3; failure += 1) {
      const { probe } = circuit.admit();
      circuit.failed(probe);
    }
    expect(() => circuit.admit()).toThrow(DatabaseUnavailableError);
    try {
      circuit.admit();
    } catch (error) {
      expect((error as DatabaseUnavailableError).retryAfterSeconds).toBe(2);
    }
    now = 2_001;
    expect(circuit.admit()).toEqual({ probe: true });
    expect(() => circuit.admit()).toThrow(DatabaseUnavailableError);
    circuit.succeeded(true);
    expect(circuit.admit()).toEqual({ probe: false });
    expect(circuit.open).toBe(false);
  });

  it('opens again at once when the probe fails', () => {
    let now = 0;
    const circuit = circuitBreaker({ threshold: 1, coolDownMs: 1_000, now: () => now });
    circuit.failed(circuit.admit().probe);
    now = 1_500;
    circuit.failed(circuit.admit().probe);
    expect(() => circuit.admit()).toThrow(DatabaseUnavailableError);
  });
});

describe('what counts as passing', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
    ['a reset socket', Object.assign(new Error('x'), { code: 'ECONNRESET' })],
    ['a timeout', Object.assign(new Error('x'), { name: 'TimeoutError' })],
    [
      'a wrapped network error',
      new Error('x', { cause: Object.assign(new Error('y'), { code: 'EPIPE' }) }),
    ],
  ])('%s is unreachable and transient', (_, error) => {
    expect(isUnreachable(error)).toBe(true);
    expect(isTransient(error)).toBe(true);
  });

  it('a 500 from DynamoDB is transient but not unreachable; an open circuit is neither', () => {
    const serverError = Object.assign(new Error('x'), { $metadata: { httpStatusCode: 500 } });
    expect(isTransient(serverError)).toBe(true);
    expect(isUnreachable(serverError)).toBe(false);
    const open = new DatabaseUnavailableError('down', 2);
    expect(isTransient(open)).toBe(false);
  });
});
