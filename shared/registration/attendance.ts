/** Who came: counted from the registrations, for organizers on the day and after it. */

export interface Attendee {
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  checkedInAt?: string | undefined;
}

export interface Attendance {
  confirmed: number;
  checkedIn: number;
  /** Confirmed and not (yet) checked in. */
  noShows: number;
  /** Check-ins per quarter of an hour, in order, from the first to the last. */
  arrivals: { from: string; to: string; count: number }[];
}

const QUARTER_MS = 15 * 60_000;

export function attendanceOf(registrations: readonly Attendee[]): Attendance {
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
  return {
    confirmed: confirmed.length,
    checkedIn: times.length,
    noShows: confirmed.length - times.length,
    arrivals,
  };
}
