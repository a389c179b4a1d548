import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../scripts/lib/dynamodb-local.ts';
import { loadAssembly, synthesize } from '../../../scripts/stack-local/assembly.ts';
import { type StackLocal, startStackLocal } from '../../../scripts/stack-local/runner.ts';
import { organizerToken as signedToken } from '../../support/auth/sign-in.ts';
import { waitForEmails } from '../../support/mail/maildev.ts';
import { person } from '../../support/registration-app.ts';

/**
 * The synthesized app, run as its templates wire it (npm run stack:local): the consumer journey,
 * the mail path (stream -> fan-out -> queue -> sender -> SES -> MailDev) and the organizer
 * journey through the template's JWT authorizer, with `npm run -s token`'s token (for the sign-in
 * provider the runner starts on SIGN_IN_PORT, a free port here). Nothing here
 * names a logical id: the runner finds everything by type in the templates.
 */

const OPEN = new Date('2020-04-01T10:00:00Z');
let directory: string;
let stack: StackLocal;
let signInPort: number;
const logs: Record<string, unknown>[] = [];

// STACK_LOCAL_ASSEMBLY=DIR runs an assembly synthesized before (with -c mailFrom=…) instead.
const given = process.env.STACK_LOCAL_ASSEMBLY;

beforeAll(async () => {
  directory = given ?? mkdtempSync(join(tmpdir(), 'stack-local-test-'));
  // The series with two years (issue 23): one table, one API, a stack per year publishing it.
  if (!given) {
    await synthesize(directory, {
      editionsDir: 'test/fixtures/series',
      mailFrom: 'workshop@mail.localhost',
    });
  }
  signInPort = await freePort();
  stack = await startStackLocal({
    assemblyDir: directory,
    now: OPEN,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    signInPort,
    log: (entry) => logs.push(entry),
  });
}, 300_000);

afterAll(() => {
  if (!given) rmSync(directory, { recursive: true, force: true });
});

const organizerToken = (...args: string[]) =>
  execFileSync(process.execPath, ['scripts/token.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, SIGN_IN_PORT: String(signInPort) },
  }).trim();

describe('npm run stack:local, on the synthesized assembly', () => {
  afterAll(() => stack?.stop(), 60_000);

  it('serves the series: every year its stack published, newest first, from one table', async () => {
    const response = await fetch(`${stack.url}/editions`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { year: number }[] };
    expect(body.items.map(({ year }) => year)).toEqual([2021, 2020]);
    expect((await fetch(`${stack.url}/editions/2021/agenda`)).status).toBe(200);
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
    // One sign-in for every year of the series.
    const later = await fetch(`${stack.url}/admin/editions/2021/registrations`, {
      headers: { authorization: `Bearer ${organizerToken()}` },
    });
    expect(later.status).toBe(200);
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
    const expired = await signedToken(stack.signIn, { expiresIn: -3600 });
    expect((await fetch(path, { headers: { authorization: `Bearer ${expired}` } })).status).toBe(
      401,
    );
  }, 30_000);

  it('gives a reviewer 403 on the organizer routes (the function decides, as in AWS)', async () => {
    const reviewer = organizerToken('--groups', 'reviewers');
    const response = await fetch(`${stack.url}/admin/editions/2020/registrations`, {
      headers: { authorization: `Bearer ${reviewer}` },
    });
    expect(response.status).toBe(403);
  }, 30_000);

  it("maps the template's Cognito issuer and app client to the local sign-in provider", () => {
    const mapped = logs.filter(({ message }) => message === 'jwt authorizer mapped');
    expect(mapped.length).toBeGreaterThan(0);
    expect(stack.signIn.issuer).toBe(`http://localhost:${signInPort}`);
    for (const entry of mapped) {
      expect(String(entry.issuer)).toMatch(/^https:\/\/cognito-idp\.[\w-]+\.amazonaws\.com\//);
      expect(entry.localIssuer).toBe(stack.signIn.issuer);
      expect(entry.localAudience).toBe('workshop-console');
    }
  });

  it('serves the console its bucket deployment put in the local bucket, through the distribution: index.html for its pages with the strict CSP, the hashed files, and /auth/config', async () => {
    const deployment = loadAssembly(directory)
      .stacks.flatMap(({ template }) => Object.values(template.Resources))
      .find(({ Type }) => Type === 'Custom::CDKBucketDeployment');
    const [key] = (deployment?.Properties?.SourceObjectKeys ?? []) as string[];
    const folder = join(directory, `asset.${String(key).replace(/\.zip$/, '')}`);
    const html = readFileSync(join(folder, 'index.html'), 'utf8');
    // What the authorizer trusts in place of the user pool; its origin in place of Cognito's.
    const local = { issuer: stack.signIn.issuer, clientId: stack.signIn.audience };
    const signIn = new URL(local.issuer).origin;
    for (const path of [
      '/console/',
      '/console/callback?code=abc&state=xyz',
      '/console/editions/2020/registrations',
      '/console',
    ]) {
      const response = await fetch(`${stack.url}${path}`);
      expect(response.status, path).toBe(200);
      await expect(response.text()).resolves.toBe(html);
      expect(response.headers.get('content-type')).toBe('text/html');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';/);
      expect(csp).toContain(`connect-src 'self' ${signIn};`);
      expect(csp).toContain(`form-action 'self' ${signIn};`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const file = await fetch(`${stack.url}${script}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/javascript');
    expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(
      readFileSync(join(folder, String(script).replace(/^\/console\//, ''))),
    );
    expect((await fetch(`${stack.url}/console/assets/main-OLDHASH1.js`)).status).toBe(404);
    // The deployment invalidated the console's paths, as its role (the endpoint checked it).
    expect(stack.aws.invalidations).toContainEqual(
      expect.objectContaining({ paths: ['/console/*'] }),
    );

    const config = await fetch(`${stack.url}/auth/config`);
    expect(config.status).toBe(200);
    await expect(config.json()).resolves.toEqual({
      ...local,
      scopes: ['openid', 'email', 'profile'],
    });
  });
});

type Resource = { Type: string; Properties: Record<string, unknown> };
const refOf = (value: unknown) => (value as { Ref?: string } | undefined)?.Ref;
const getAttOf = (value: unknown) =>
  (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];

/**
 * The role of the function behind `routeKey`, followed through the template as API Gateway and
 * Lambda follow it: route -> integration -> function -> role.
 */
function roleBehind(resources: Record<string, Resource>, routeKey: string): string | undefined {
  const route = Object.values(resources).find(
    ({ Type, Properties }) =>
      Type === 'AWS::ApiGatewayV2::Route' && Properties.RouteKey === routeKey,
  );
  const target = JSON.stringify(route?.Properties.Target ?? '');
  const integration = Object.keys(resources).find((id) => target.includes(`"Ref":"${id}"`));
  const fn = getAttOf(integration && resources[integration]?.Properties.IntegrationUri);
  return getAttOf(fn && resources[fn]?.Properties.Role);
}

/** A copy of the assembly where the role behind `routeKey` is no longer allowed `action`. */
function withoutAction(source: string, routeKey: string, action: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'stack-local-denied-'));
  cpSync(source, copy, { recursive: true });
  let edited = 0;
  for (const file of readdirSync(copy).filter((name) => name.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(copy, file), 'utf8'));
    const resources = (template.Resources ?? {}) as Record<string, Resource>;
    const role = roleBehind(resources, routeKey);
    if (!role) continue;
    for (const { Type, Properties } of Object.values(resources)) {
      const roles = ((Properties.Roles ?? []) as unknown[]).map(refOf);
      if (Type !== 'AWS::IAM::Policy' || !roles.includes(role)) continue;
      const document = Properties.PolicyDocument as { Statement: { Action: string | string[] }[] };
      for (const statement of document.Statement) {
        const actions = [statement.Action].flat();
        if (actions.includes(action)) edited += 1;
        const kept = actions.filter((each) => each !== action);
        statement.Action = kept.length === 1 ? (kept[0] as string) : kept;
      }
    }
    writeFileSync(join(copy, file), JSON.stringify(template));
  }
  expect(edited).toBeGreaterThan(0);
  return copy;
}

// IAM has no dynamodb:TransactWriteItems: AWS authorizes a transaction item by item (PutItem,
// UpdateItem, DeleteItem, ConditionCheckItem). A registration's transaction puts items, so the
// grant whose absence breaks it is dynamodb:PutItem.
describe('the same assembly, its registrations role without dynamodb:PutItem', () => {
  let denied: StackLocal;
  let copy: string;
  const deniedLogs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    copy = withoutAction(directory, 'POST /editions/{year}/registrations', 'dynamodb:PutItem');
    denied = await startStackLocal({
      assemblyDir: copy,
      now: OPEN,
      dynamoDbEndpoint: inject('dynamoDbEndpoint'),
      log: (entry) => deniedLogs.push(entry),
    });
  }, 300_000);

  afterAll(async () => {
    await denied?.stop();
    if (copy) rmSync(copy, { recursive: true, force: true });
  }, 60_000);

  it('fails the registration on an access denial, logged with the role, action and table', async () => {
    const response = await fetch(`${denied.url}/editions/2020/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person({ audience: 'other' })),
    });
    expect(response.status).toBeGreaterThanOrEqual(500);
    const refusal = denied.aws.denials.find(({ action }) => action === 'dynamodb:PutItem');
    expect(refusal?.resource).toMatch(/^arn:aws:dynamodb:[\w-]+:000000000000:table\//);
    const logged = deniedLogs.find(({ message }) => message === 'AWS access denied');
    expect(JSON.stringify(logged)).toContain('dynamodb:PutItem');
  }, 60_000);
});
