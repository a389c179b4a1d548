/** Who came: counted from the registrations, for organizers on the day and after it. */

export interface Attendee {
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  checkedInAt?: string | undefined;
}

export interface Attendance {
  confirmed: number;
  checkedIn: number;
  /** Whether the last day has ended: from then on, who did not come is a no-show. */
  over: boolean;
  /** Confirmed and not checked in while the edition still runs (0 once it is over). */
  notYetArrived: number;
  /** Confirmed and not checked in once the last day has ended (0 before). */
  noShows: number;
  /** Check-ins per quarter of an hour, in order, from the first to the last. */
  arrivals: { from: string; to: string; count: number }[];
}

const QUARTER_MS = 15 * 60_000;

/**
 * `endsAt`: the end of the edition's last day. Before it, whoever has not come yet may still
 * come: they are counted as not yet arrived, and no-shows only once it has passed.
 */
export function attendanceOf(
  registrations: readonly Attendee[],
  { endsAt, now }: { endsAt: string; now: Date },
): Attendance {
  const confirmed = registrations.filter((registration) => registration.status === 'confirmed');
  const times = confirmed
    .flatMap((registration) =>
      registration.checkedInAt ? [Date.parse(registration.checkedInAt)] : [],
    )
    .sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const time of times) {
    const quarter = Math.floor(time / QUARTER_MS) * QUARTER_MS;
    counts.set(quarter, (counts.get(quarter) ?? 0) + 1);
  }
  const arrivals: Attendance['arrivals'] = [];
  const first = times[0];
  const last = times.at(-1);
  if (first !== undefined && last !== undefined) {
    const end = Math.floor(last / QUARTER_MS) * QUARTER_MS;
    for (
      let quarter = Math.floor(first / QUARTER_MS) * QUARTER_MS;
      quarter <= end;
      quarter += QUARTER_MS
    ) {
      arrivals.push({
        from: new Date(quarter).toISOString(),
        to: new Date(quarter + QUARTER_MS).toISOString(),
        count: counts.get(quarter) ?? 0,
      });
    }
  }
  const over = now.getTime() >= Date.parse(endsAt);
  const absent = confirmed.length - times.length;
  return {
    confirmed: confirmed.length,
    checkedIn: times.length,
    over,
    notYetArrived: over ? 0 : absent,
    noShows: over ? absent : 0,
    arrivals,
  };
}
