import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { editionWith, endAt, SEED_FILE, session } from './editions.ts';

const SERIES_JOIN_URL = 'https://meet.example/secret-room';

/**
 * An organizers' own editions folder of three: the 2020 file, an online 2019 edition of one talk
 * and an in-person 2030 edition of two. By a clock between 2020 and 2030, 2030 is upcoming.
 */
export function seriesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'workshop-series-'));
  copyFileSync(SEED_FILE, join(dir, 'hpcw-2020.yaml'));
  const write = (name: string, edition: ReturnType<typeof editionWith>) =>
    writeFileSync(join(dir, name), stringify(edition));
  write(
    'tw-2030.yaml',
    editionWith([session('opening', 60, [{ title: 'One' }, { title: 'Two' }]), endAt('11:00')], {
      title: 'Future Workshop',
    }),
  );
  write(
    'tw-2019.yaml',
    editionWith([session('opening', 30), endAt('10:00')], {
      year: 2019,
      title: 'Online Workshop',
      shortTitle: 'TW19',
      date: '2019-06-20',
      venue: undefined,
      location: { mode: 'online', stream: { url: SERIES_JOIN_URL } },
    }),
  );
  return dir;
}
