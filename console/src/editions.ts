import { signal } from '@preact/signals';
import { api } from './api.ts';

/** The published editions (GET /editions, newest first), loaded once after sign-in. */
export interface EditionEntry {
  year: number;
  title: string;
  date: string;
}

export const editions = signal<EditionEntry[] | undefined>(undefined);

let loading: Promise<void> | undefined;

export function loadEditions(): Promise<void> {
  loading ??= (async () => {
    const list: EditionEntry[] = [];
    let cursor: string | undefined;
    do {
      const { data } = await api.GET('/editions', {
        params: { query: cursor ? { cursor, limit: 50 } : { limit: 50 } },
      });
      if (!data) break;
      for (const { year, title, date } of data.items) list.push({ year, title, date });
      cursor = data.nextCursor ?? undefined;
    } while (cursor);
    editions.value = list;
  })().finally(() => {
    loading = undefined;
  });
  return loading;
}
