import { execFile } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { login, loginPath, type StoredLogin, storedToken } from '../../../scripts/lib/login.ts';
import { signInOnForm } from '../../support/auth/browser.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';

/**
 * `npm run login -- --url <api>` against the local stack and its sign-in provider, the browser
 * scripted (the provider's form posted, the loopback redirect followed); then the release CLI
 * signs its calls with the stored login, and an expired access token is refreshed.
 */

const REDIRECT = 'http://localhost:8765/callback';
const HISTORY_FILE = 'editions/history/hpcw-2020-online.yaml';

let stack: LocalStack;
let path: string;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, oidc: true });
  path = loginPath(stack.url);
}, 60_000);

afterAll(async () => {
  rmSync(path, { force: true });
  await stack?.stop();
});

const organizer = () => {
  if (!stack.oidc) throw new Error('the stack runs its sign-in provider');
  return stack.oidc.accounts.organizer;
};

/** What a browser does with the URL `npm run login` prints: sign in, come back to the CLI. */
async function browser(url: string) {
  const { username, password } = organizer();
  const signedIn = await signInOnForm(url, { username, password }, REDIRECT);
  expect(signedIn.location).toBeDefined();
  const back = await fetch(signedIn.location ?? '');
  expect(back.status).toBe(200);
  expect(await back.text()).toContain('Signed in');
}

async function release(url: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ORGANIZER_TOKEN;
  return promisify(execFile)(
    process.execPath,
    ['scripts/edition.ts', 'release', '2020', '--file', HISTORY_FILE, '--url', url],
    { encoding: 'utf8', timeout: 60_000, env },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const audit = async () => {
  const response = await fetch(`${stack.url}/admin/editions/2020/audit`, {
    headers: { authorization: `Bearer ${await organizerToken(stack)}` },
  });
  return ((await response.json()) as { items: { who: string; action: string }[] }).items;
};

describe('npm run login', () => {
  it('stops with the loopback redirect named when its port is taken', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(8765, '127.0.0.1', resolve));
    try {
      let opened = false;
      await expect(
        login({
          apiUrl: stack.url,
          open: () => {
            opened = true;
          },
        }),
      ).rejects.toThrow(`Port 8765 is in use, and the sign-in comes back to ${REDIRECT}`);
      expect(opened).toBe(false);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('says to run it when the release CLI has no login for the API (exit 2)', async () => {
    const refused = await release('http://localhost:9');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'No organizer token for http://localhost:9: run npm run login -- --url http://localhost:9',
    );
  });

  it('signs in through the browser, keeps the tokens mode 0600, and the release CLI uses them', async () => {
    const signedIn = await login({ apiUrl: stack.url, open: browser });
    expect(signedIn.path).toBe(path);
    expect(path).toMatch(/^\.data\/login\/localhost_\d+\.json$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredLogin;
    expect(stored).toMatchObject({ api: stack.url, issuer: stack.oidc?.issuer });
    expect(stored.refreshToken).toEqual(expect.any(String));
    expect(stored.expiresAt).toBeGreaterThan(Date.now() / 1000 + 600);

    const released = await release(stack.url);
    expect(released.stderr).toBe('');
    expect(released.code).toBe(0);
    expect(released.stdout).toContain('released as 2020 release 2');
    // The release is the signed-in organizer's: the login's token, not one made up.
    const entry = (await audit()).find(({ action }) => action === 'release');
    expect(entry?.who).toBe('organizer');
  }, 90_000);

  it('refreshes an expired access token with the refresh token, and keeps the file 0600', async () => {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredLogin;
    const expired = { ...stored, accessToken: 'expired', expiresAt: stored.expiresAt - 7200 };
    writeFileSync(path, JSON.stringify(expired));
    const token = await storedToken(stack.url);
    expect(token).toEqual(expect.any(String));
    expect(token).not.toBe('expired');
    const listed = await fetch(`${stack.url}/admin/editions/2020/registrations`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(listed.status).toBe(200);
    const refreshed = JSON.parse(readFileSync(path, 'utf8')) as StoredLogin;
    expect(refreshed.accessToken).toBe(token);
    expect(refreshed.expiresAt).toBeGreaterThan(Date.now() / 1000 + 600);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // While it is valid, the stored token is used as it is: no refresh on every call.
    expect(await storedToken(stack.url)).toBe(token);
  });
});
