import { describe, expect, it } from 'vitest';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import { TemporarilyUnavailableError } from '#shared/errors.ts';
import { storedItems } from '../../../support/published.ts';

/** The edition page judges the registration window by the injected clock, never the real time. */

const { published } = storedItems();

async function pageAt(now: string) {
  const store: Pick<EditionStore, 'getPublishedEdition' | 'listEditions' | 'getEdition'> = {
    getPublishedEdition: async (year) => (year === 2020 ? published : undefined),
    listEditions: async () => [],
    getEdition: async () => undefined,
  };
  const app = createPagesApp({
    store: store as EditionStore,
    seats: { getSeatCounter: async () => undefined },
    clock: () => new Date(now),
  });
  const response = await app.request('/2020');
  expect(response.status).toBe(200);
  return response.text();
}

describe('the edition page and the clock', () => {
  it('says registration is not open yet when the clock is before the window', async () => {
    const page = await pageAt('2020-02-01T10:00:00+01:00');
    expect(page).toContain('Registration is not open yet (opens 2020-03-02T09:00:00+01:00).');
    expect(page).not.toContain('id="registration-form"');
  });

  it('shows the form while the clock is inside the window', async () => {
    const page = await pageAt('2020-04-01T10:00:00+02:00');
    expect(page).toContain('id="registration-form"');
    expect(page).not.toContain('Registration is');
  });

  it('says registration is closed when the clock is past the window', async () => {
    const page = await pageAt('2020-06-25T08:45:00+02:00');
    expect(page).toContain('Registration is closed.');
    expect(page).not.toContain('id="registration-form"');
  });
});

describe('pages that fail', () => {
  const app = (getPublishedEdition: EditionStore['getPublishedEdition']) =>
    createPagesApp({
      store: { getPublishedEdition } as EditionStore,
      seats: { getSeatCounter: async () => undefined },
      clock: () => new Date('2020-04-01T10:00:00+02:00'),
    });

  it('answers an unknown edition with a 404 page, not JSON', async () => {
    const response = await app(async () => undefined).request('/1999');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('There is no edition 1999.');
  });

  it('answers a database outage with a 503 page that says when to retry', async () => {
    const response = await app(async () => {
      throw new TemporarilyUnavailableError('The database is busy.', 2);
    }).request('/2020');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('Reload this page shortly');
  });
});
