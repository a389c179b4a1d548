import type { BrowserContext, Page, Response } from 'playwright-core';
import type { LocalStack } from '../../../scripts/lib/local-stack.ts';

/**
 * Signs an account of the local OpenID Connect provider in to the console, as a person does: the
 * console's Sign in, the provider's form, back in the console (Sign out shown). Answers the page,
 * at `path` (under /console). `watch` sees the page before it opens (listeners), `firstAnswer` the
 * console's first answer (its headers).
 */
export async function signInToConsole(
  stack: LocalStack,
  context: BrowserContext,
  account: 'organizer' | 'reviewer',
  path = '/console/',
  checks: { watch?: (page: Page) => void; firstAnswer?: (response: Response | null) => void } = {},
): Promise<Page> {
  const credentials = stack.oidc?.accounts[account];
  if (!credentials)
    throw new Error('The stack runs no sign-in provider (startLocalStack({ oidc: true })).');
  const page = await context.newPage();
  checks.watch?.(page);
  const firstAnswer = await page.goto(`${stack.url}${path}`);
  checks.firstAnswer?.(firstAnswer);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(credentials.username);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}
