import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { createRootApp, handOver, loadOnce } from '#functions/http/app.ts';

/** Apps and modules made on first use (functions/http/app.ts): once, and again after a failure. */

describe('loadOnce', () => {
  it('runs the load once for every caller, those waiting at the same time included', async () => {
    const load = vi.fn(async () => ({ made: Math.random() }));
    const value = loadOnce(load);
    const [first, second] = await Promise.all([value(), value()]);
    expect(await value()).toBe(first);
    expect(second).toBe(first);
    expect(load).toHaveBeenCalledOnce();
  });

  it('runs a failed load again on the next call, and keeps what that one makes', async () => {
    const load = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('the module did not load'))
      .mockResolvedValue('loaded');
    const value = loadOnce(load);
    await expect(value()).rejects.toThrow('the module did not load');
    expect(await value()).toBe('loaded');
    expect(await value()).toBe('loaded');
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('handOver', () => {
  it('answers with the app made on first use; a failed making is a 500 problem, then tried again', async () => {
    const later = new Hono();
    later.get('/thing', (c) => c.json({ from: 'later' }));
    const load = vi
      .fn<() => Promise<Hono>>()
      .mockRejectedValueOnce(new Error('import failed'))
      .mockResolvedValue(later);
    const front = new Hono();
    front.all('*', handOver(load));
    const root = createRootApp([front]);
    const failed = await root.request('/thing');
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toBe('application/problem+json');
    expect(await failed.text()).not.toContain('import failed');
    const served = await root.request('/thing');
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ from: 'later' });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
