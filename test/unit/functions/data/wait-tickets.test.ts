import { describe, expect, it } from 'vitest';
import { waitTickets } from '#functions/data/registrations/wait-tickets.ts';

/** Tickets proposed in one process. */

describe('waitTickets', () => {
  it('proposes from the clock, in thousandths of a millisecond', () => {
    const tickets = waitTickets(() => 1_000);
    expect(tickets.propose(2030)).toBe(1_000_000);
  });

  it('proposes above its own last ticket when the clock has not moved, or went back', () => {
    let now = 1_000;
    const tickets = waitTickets(() => now);
    const first = tickets.propose(2030);
    now = 999;
    const second = tickets.propose(2030);
    expect([first, second]).toEqual([1_000_000, 1_000_001]);
  });

  it('proposes above a ticket the counter was seen to hold, per edition', () => {
    const tickets = waitTickets(() => 1_000);
    tickets.seen(2030, 5_000_000);
    tickets.seen(2030, 4_000_000);
    expect(tickets.propose(2030)).toBe(5_000_001);
    expect(tickets.propose(2031)).toBe(1_000_000);
  });
});
