import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_IDENTITY } from '../../../scripts/lib/local-identity.ts';
import { localSecrets } from '../../../scripts/lib/local-secrets.ts';
import { loadAssembly, synthesize } from '../../../scripts/stack-local/assembly.ts';
import { type StackLocal, startStackLocal } from '../../../scripts/stack-local/runner.ts';
import { waitForEmails } from '../../support/mail/maildev.ts';
import { person } from '../../support/registration-app.ts';

/**
 * The synthesized app, run as its templates wire it (npm run stack:local): the consumer journey,
 * the mail path (stream -> fan-out -> queue -> sender -> SES -> MailDev) and the organizer
 * journey through the template's JWT authorizer, with `npm run -s token`'s token. Nothing here
 * names a logical id: the runner finds everything by type in the templates.
 */

const OPEN = new Date('2020-04-01T10:00:00Z');
let directory: string;
let stack: StackLocal;
const logs: Record<string, unknown>[] = [];

// STACK_LOCAL_ASSEMBLY=DIR runs an assembly synthesized before (with -c mailFrom=…) instead.
const given = process.env.STACK_LOCAL_ASSEMBLY;

beforeAll(async () => {
  directory = given ?? mkdtempSync(join(tmpdir(), 'stack-local-test-'));
  if (!given) await synthesize(directory, { edition: '2020', mailFrom: 'workshop@mail.localhost' });
  stack = await startStackLocal({
    assemblyDir: directory,
    now: OPEN,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    jwtSecret: localSecrets().jwtSecret,
    log: (entry) => logs.push(entry),
  });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  if (!given) rmSync(directory, { recursive: true, force: true });
}, 60_000);

const organizerToken = (...args: string[]) =>
  execFileSync(process.execPath, ['scripts/token.ts', ...args], { encoding: 'utf8' }).trim();

describe('npm run stack:local, on the synthesized assembly', () => {
  it('serves the public reads through the distribution, the seed having published 2020', async () => {
    const response = await fetch(`${stack.url}/editions`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { year: number }[] };
    expect(body.items.map(({ year }) => year)).toContain(2020);
  });

  it('refuses what reaches the API past the distribution, as the origin check does in AWS', async () => {
    const api = stack.servers.find(({ kind }) => kind === 'api');
    expect(api).toBeDefined();
    const response = await fetch(`${api?.url}/editions`);
    expect(response.status).toBe(403);
  });

  it('records the invalidation the seed asked for, for the template distribution', () => {
    const assembly = loadAssembly(directory);
    const template = assembly.stacks.find((candidate) =>
      Object.values(candidate.template.Resources).some(
        ({ Type }) => Type === 'AWS::CloudFront::Distribution',
      ),
    );
    expect(template).toBeDefined();
    expect(stack.aws.invalidations.length).toBeGreaterThan(0);
    expect(stack.aws.invalidations[0]?.distributionId).toMatch(/^E[0-9A-F]+$/);
    expect(stack.aws.invalidations[0]?.paths.length).toBeGreaterThan(0);
  });

  it('registers (201) and the confirmation arrives in MailDev through stream, fan-out, queue and sender', async () => {
    const registrant = person({ audience: 'other' });
    const response = await fetch(`${stack.url}/editions/2020/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registrant),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { status: string; manageUrl: string };
    expect(body.status).toBe('confirmed');
    // Links point at the front door, served over plain HTTP locally.
    expect(body.manageUrl.startsWith(`${stack.url}/2020/manage`)).toBe(true);
    const emails = await waitForEmails(stack.mailWebUrl, 1, 60_000);
    const mine = emails.filter(({ to }) => to.some(({ address }) => address === registrant.email));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.subject).toContain('confirmed');
  }, 90_000);

  it('lists registrations for an organizer with npm run -s token, and answers 401 without', async () => {
    const path = `${stack.url}/admin/editions/2020/registrations`;
    const withToken = await fetch(path, {
      headers: { authorization: `Bearer ${organizerToken()}` },
    });
    expect(withToken.status).toBe(200);
    const list = (await withToken.json()) as { items: unknown[] };
    expect(Array.isArray(list.items)).toBe(true);
    expect((await fetch(path)).status).toBe(401);
  }, 30_000);

  it('refuses a token for another audience and an expired one, as API Gateway does (401)', async () => {
    const path = `${stack.url}/admin/editions/2020/registrations`;
    const otherAudience = organizerToken('--audience', 'someone-elses-client');
    expect(
      (await fetch(path, { headers: { authorization: `Bearer ${otherAudience}` } })).status,
    ).toBe(401);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await sign(
      {
        sub: 'local-organizer',
        'cognito:groups': ['organizers'],
        iss: LOCAL_IDENTITY.issuer,
        aud: LOCAL_IDENTITY.audience,
        iat: past - 60,
        exp: past,
      },
      localSecrets().jwtSecret,
      'HS256',
    );
    expect((await fetch(path, { headers: { authorization: `Bearer ${expired}` } })).status).toBe(
      401,
    );
  }, 30_000);

  it("maps the template's Cognito issuer and app client to the local identity", () => {
    const mapped = logs.filter(({ message }) => message === 'jwt authorizer mapped');
    expect(mapped.length).toBeGreaterThan(0);
    for (const entry of mapped) {
      expect(String(entry.issuer)).toMatch(/^https:\/\/cognito-idp\.[\w-]+\.amazonaws\.com\//);
      expect(entry.localIssuer).toBe(LOCAL_IDENTITY.issuer);
    }
  });
});
