import { signal } from '@preact/signals';

/**
 * The console's router: paths under /console (the server answers index.html for each), the
 * current one in a signal. `/console/` is the overview, `/console/editions/{year}/{view}` an
 * edition's view (the view ids of views/registry.ts), `/console/callback` the sign-in's return.
 */

const BASE = '/console';

export const currentPath = signal(location.pathname);

export interface Route {
  /** A view id of views/registry.ts, or `callback`, or `not-found`. */
  view: string;
  year?: number;
}

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { view: 'overview' };
  if (parts.length === 1 && parts[0] === 'callback') return { view: 'callback' };
  if (parts[0] === 'editions' && parts.length === 3 && /^\d{4}$/.test(parts[1] ?? '')) {
    return { view: parts[2] ?? '', year: Number(parts[1]) };
  }
  return { view: 'not-found' };
}

/** The path of a view: an edition's when `year` is given. */
export function hrefOf(view: string, year?: number): string {
  if (view === 'overview') return `${BASE}/`;
  return year === undefined ? `${BASE}/${view}` : `${BASE}/editions/${year}/${view}`;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  currentPath.value = new URL(to, location.href).pathname;
}

addEventListener('popstate', () => {
  currentPath.value = location.pathname;
});
