import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * Edition files for the registration benches, in a folder of their own that `startLocalStack`
 * publishes (`editionsDir`): one small edition per year, taking registrations from 2098-04-01.
 */

/** An instant inside every bench edition's registration window (the stack's clock starts here). */
export const BENCH_NOW = new Date('2098-05-01T12:00:00Z');

export interface BenchSeats {
  capacity: number;
  /** The most people who may wait; no limit when absent. */
  waitlistLimit?: number;
}

export function benchEditions(years: number[], seats: BenchSeats) {
  const directory = mkdtempSync(join(tmpdir(), 'bench-editions-'));
  for (const year of years) {
    writeFileSync(join(directory, `bench-${year}.yaml`), stringify(benchEdition(year, seats)));
  }
  return {
    directory,
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

function benchEdition(year: number, { capacity, waitlistLimit }: BenchSeats) {
  return {
    year,
    title: 'Burst Workshop',
    shortTitle: 'BW99',
    website: 'https://workshop.example/',
    venue: 'Benchmark Hall',
    date: `${year}-06-20`,
    timezone: 'Europe/Berlin',
    abstract: 'A registration burst.',
    topicAreas: [],
    keywords: { topics: [], technologies: [] },
    targetAudience: [],
    format: 'Talks.',
    segments: [],
    registration: {
      capacity,
      ...(waitlistLimit === undefined ? {} : { waitlistLimit }),
      opensAt: '2098-04-01T00:00:00Z',
      closesAt: `${year}-06-01T00:00:00Z`,
      retentionDays: 30,
      audiences: [{ id: 'other', label: 'Other' }],
    },
    agenda: [
      { kind: 'session', id: 'one', title: 'ONE', duration: 30, items: [{ title: 'Talk' }] },
      { kind: 'end', at: '10:00' },
    ],
  };
}
