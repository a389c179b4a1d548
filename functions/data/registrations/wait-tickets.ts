/**
 * Waiting-list tickets: the numbers WAIT# entries sort by, so that the waiting list is in commit
 * order. The seat counter keeps the last ticket committed (`waitTicket`), and joining the list
 * sets it to the joiners' last ticket on the condition that their first is higher
 * (seat-counter.ts). DynamoDB serialises the transactions on that one item, so tickets rise in
 * commit order, whatever the clocks of the functions that chose them.
 *
 * The clock only makes a clash unlikely: a function proposes a ticket from its clock (in
 * thousandths of a millisecond, so that one process never runs out), above any ticket it has
 * seen. A proposal that was overtaken fails its condition, learns the counter's ticket and
 * proposes again above it. Within one process the registrations of an edition are written one
 * transaction at a time (registrations/register.ts), so its proposals never overtake each
 * other.
 */
export function waitTickets(clock: () => number = Date.now) {
  /** The highest ticket each edition's counter was seen to hold or this process proposed. */
  const highest = new Map<number, number>();

  return {
    /** A new ticket for the edition, above every ticket proposed or seen before. */
    propose(year: number): number {
      const ticket = Math.max((highest.get(year) ?? 0) + 1, Math.floor(clock() * 1000));
      highest.set(year, ticket);
      return ticket;
    },
    /** A ticket the counter was found to hold: the next proposal goes above it. */
    seen(year: number, ticket: number): void {
      if (ticket > (highest.get(year) ?? 0)) highest.set(year, ticket);
    },
  };
}

export type WaitTickets = ReturnType<typeof waitTickets>;
