import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultApiUrl } from '../../../scripts/lib/release.ts';

/** `npm run edition -- release` finds the local server where `npm start` put it. */

describe('defaultApiUrl', () => {
  it.each([
    [{}, 'http://localhost:3000'],
    [{ PORT: '3100' }, 'http://localhost:3100'],
    [{ PORT: '' }, 'http://localhost:3000'],
    [{ PORT: '3100', API_URL: 'https://api.example' }, 'https://api.example'],
  ])('%j -> %s', (env, expected) => {
    expect(defaultApiUrl(env)).toBe(expected);
  });
});

describe('npm run edition -- release without --url', () => {
  // Stands in for `PORT=… npm start`: it records what reaches it and refuses it, so that the
  // command stops at its first call.
  const seen: { method?: string; url?: string; authorized: boolean }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    seen.push({
      method: request.method,
      url: request.url,
      authorized: /^Bearer /.test(request.headers.authorization ?? ''),
    });
    response.writeHead(503, { 'content-type': 'application/problem+json' });
    response.end(JSON.stringify({ title: 'Service Unavailable', detail: 'a stand-in server' }));
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('calls the server on PORT (before: always localhost:3000)', async () => {
    const { port } = server.address() as AddressInfo;
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), ORGANIZER_TOKEN: 'a' };
    delete env.API_URL;
    const failed = await promisify(execFile)(
      process.execPath,
      ['scripts/edition.ts', 'release', '2020', '--file', 'editions/hpcw-2020.yaml'],
      { encoding: 'utf8', env, timeout: 60_000 },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(seen).toEqual([{ method: 'GET', url: '/admin/editions/2020/draft', authorized: true }]);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain(
      'reading the draft: 503 Service Unavailable: a stand-in server',
    );
  });
});
