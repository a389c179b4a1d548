import { describe, expect, it } from 'vitest';
import { waitTickets } from '#functions/data/wait-tickets.ts';

/** Tickets proposed in one process, and the turns its joins take. */

const deferred = () => {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
};

describe('waitTickets', () => {
  it('proposes from the clock, in thousandths of a millisecond', async () => {
    const tickets = waitTickets(() => 1_000);
    expect(await tickets.inTurn(2030, async (ticket) => ticket)).toBe(1_000_000);
  });

  it('proposes above its own last ticket when the clock has not moved, or went back', async () => {
    let now = 1_000;
    const tickets = waitTickets(() => now);
    const first = await tickets.inTurn(2030, async (ticket) => ticket);
    now = 999;
    const second = await tickets.inTurn(2030, async (ticket) => ticket);
    expect([first, second]).toEqual([1_000_000, 1_000_001]);
  });

  it('proposes above a ticket the counter was seen to hold, per edition', async () => {
    const tickets = waitTickets(() => 1_000);
    tickets.seen(2030, 5_000_000);
    tickets.seen(2030, 4_000_000);
    expect(await tickets.inTurn(2030, async (ticket) => ticket)).toBe(5_000_001);
    expect(await tickets.inTurn(2031, async (ticket) => ticket)).toBe(1_000_000);
  });

  it('lets the joins of an edition take turns: the next proposes once the previous is answered', async () => {
    const tickets = waitTickets(() => 1_000);
    const firstAnswered = deferred();
    const order: string[] = [];
    const first = tickets.inTurn(2030, async (ticket) => {
      order.push(`first proposes ${ticket}`);
      await firstAnswered.promise;
      order.push('first answered');
      throw new Error('overtaken');
    });
    const second = tickets.inTurn(2030, async (ticket) => {
      order.push(`second proposes ${ticket}`);
    });
    const otherEdition = tickets.inTurn(2031, async () => {
      order.push('another edition does not wait');
    });
    await otherEdition;
    firstAnswered.resolve();
    await expect(first).rejects.toThrow('overtaken');
    await second;
    expect(order).toEqual([
      'first proposes 1000000',
      'another edition does not wait',
      'first answered',
      'second proposes 1000001',
    ]);
  });

  it('proposes the next turn above what a failed join learnt before it ended', async () => {
    const tickets = waitTickets(() => 1_000);
    const first = tickets.inTurn(2030, async () => {
      tickets.seen(2030, 9_000_000);
      throw new Error('overtaken');
    });
    const second = tickets.inTurn(2030, async (ticket) => ticket);
    await expect(first).rejects.toThrow();
    expect(await second).toBe(9_000_001);
  });
});
