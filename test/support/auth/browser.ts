import { expect } from 'vitest';

/**
 * A browser without script, enough for the local sign-in provider: cookies kept, redirects
 * followed one by one, its login form read and posted. The console and `npm run login` send a
 * person there; the tests send this.
 */

/** A browser's cookies, enough for one provider (paths ignored). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function follow(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
  });
  jar.keep(response);
  return response;
}

/**
 * Opens `authorizeUrl`, signs in on the provider's form and follows the redirects until one goes
 * to `redirectUri`: answers that URL (the code in it, not opened), or the form's refusal.
 */
export async function signInOnForm(
  authorizeUrl: string,
  credentials: { username: string; password: string },
  redirectUri: string,
): Promise<
  { location: string; refused?: undefined } | { location?: undefined; refused: Response }
> {
  const jar = new CookieJar();
  let response = await follow(jar, authorizeUrl);
  expect(response.status).toBe(303);
  const loginUrl = new URL(response.headers.get('location') ?? '', authorizeUrl).href;
  response = await follow(jar, loginUrl);
  expect(response.status).toBe(200);
  const page = await response.text();
  expect(page).toContain('<label for="username">Username</label>');
  expect(page).toContain('<label for="password">Password</label>');
  expect(page).not.toContain('<script');
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
  response = await follow(jar, new URL(action, loginUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(credentials).toString(),
  });
  if (response.status !== 303) return { refused: response };
  let location = new URL(response.headers.get('location') ?? '', loginUrl).href;
  while (!location.startsWith(redirectUri)) {
    response = await follow(jar, location);
    expect([302, 303]).toContain(response.status);
    location = new URL(response.headers.get('location') ?? '', loginUrl).href;
  }
  return { location };
}
