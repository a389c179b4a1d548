import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Assembly, AssemblyStack } from '../../../scripts/stack-local/assembly.ts';
import {
  deployBucket,
  type LocalBuckets,
  signInMapping,
  withBehaviours,
} from '../../../scripts/stack-local/distribution.ts';
import { Resolver } from '../../../scripts/stack-local/intrinsics.ts';

/**
 * stack:local's distribution besides its API origin: behaviours by path pattern, an S3 origin
 * from the local buckets, viewer-request functions, response headers policies; the bucket
 * deployment; the sign-in named as the local identity's.
 */

const ISSUER_ORIGIN = 'https://cognito-idp.eu-central-1.amazonaws.com';
const PAGES = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('.') === -1) request.uri = '/site/index.html';
  return request;
}`;

const stack: AssemblyStack = {
  name: 'Series',
  region: 'eu-central-1',
  template: {
    Resources: {
      Files: { Type: 'AWS::S3::Bucket', Properties: {} },
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      Domain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { Domain: 'hpcw-login' } },
      Authorizer: {
        Type: 'AWS::ApiGatewayV2::Authorizer',
        Properties: {
          JwtConfiguration: {
            Issuer: { 'Fn::Join': ['', [`${ISSUER_ORIGIN}/`, { Ref: 'Pool' }]] },
            Audience: ['the-client-id'],
          },
        },
      },
      Pages: { Type: 'AWS::CloudFront::Function', Properties: { FunctionCode: PAGES } },
      Headers: {
        Type: 'AWS::CloudFront::ResponseHeadersPolicy',
        Properties: {
          ResponseHeadersPolicyConfig: {
            SecurityHeadersConfig: {
              ContentSecurityPolicy: {
                ContentSecurityPolicy: `connect-src 'self' ${ISSUER_ORIGIN} https://hpcw-login.auth.eu-central-1.amazoncognito.com`,
                Override: true,
              },
              ContentTypeOptions: { Override: true },
            },
            CustomHeadersConfig: {
              Items: [
                { Header: 'Cache-Control', Value: 'no-store', Override: true },
                { Header: 'Content-Type', Value: 'text/plain', Override: false },
              ],
            },
          },
        },
      },
      Distribution: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Origins: [
              { Id: 'api', DomainName: 'api.example', CustomOriginConfig: {} },
              {
                Id: 'files',
                DomainName: { 'Fn::GetAtt': ['Files', 'RegionalDomainName'] },
                S3OriginConfig: { OriginAccessIdentity: '' },
              },
            ],
            DefaultCacheBehavior: { TargetOriginId: 'api' },
            CacheBehaviors: [
              {
                PathPattern: '/site/*',
                TargetOriginId: 'files',
                FunctionAssociations: [
                  {
                    EventType: 'viewer-request',
                    FunctionARN: { 'Fn::GetAtt': ['Pages', 'FunctionARN'] },
                  },
                ],
                ResponseHeadersPolicyId: { Ref: 'Headers' },
              },
            ],
          },
        },
      },
    },
  },
};

const resolver = new Resolver([stack], '000000000000');
const bucket = resolver.string(stack, { Ref: 'Files' });
const folder = mkdtempSync(join(tmpdir(), 'distribution-test-'));
mkdirSync(join(folder, 'asset.abc123', 'assets'), { recursive: true });
writeFileSync(join(folder, 'asset.abc123', 'index.html'), '<!doctype html>');
writeFileSync(join(folder, 'asset.abc123', 'assets', 'main-NEW.js'), 'export {}');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const signIn = signInMapping([stack], resolver, {
  issuer: 'http://localhost:8764',
  audience: 'workshop-console',
});
const buckets: LocalBuckets = new Map([
  [
    bucket,
    new Map([
      ['site/assets/main-OLD.js', new Uint8Array([1])],
      ['elsewhere/kept.txt', new Uint8Array([2])],
    ]),
  ],
]);
const wiring = {
  assembly: { directory: folder, stacks: [stack] } satisfies Assembly,
  resolver,
  endpoint: 'http://127.0.0.1:1',
  buckets,
  signIn,
  log: () => {},
};
const api = async (request: Request) => new Response(`api ${new URL(request.url).pathname}`);
const serve = withBehaviours(wiring, stack, 'Distribution', api);
const get = (path: string) => serve(new Request(`http://localhost:3000${path}`), '127.0.0.1');

describe("stack:local's distribution", () => {
  it('deploys an asset folder under its prefix, removing what an earlier deploy left there only', async () => {
    await deployBucket(
      wiring,
      {
        SourceObjectKeys: ['abc123.zip'],
        DestinationBucketName: bucket,
        DestinationBucketKeyPrefix: 'site/',
        Prune: 'true',
      },
      'LOCALROLEDeploy',
      'eu-central-1',
    );
    expect([...(buckets.get(bucket)?.keys() ?? [])].sort()).toEqual([
      'elsewhere/kept.txt',
      'site/assets/main-NEW.js',
      'site/index.html',
    ]);
  });

  it('answers a page of the S3 behaviour from the bucket after its function, with the policy headers', async () => {
    const response = await get('/site/callback?code=abc');
    expect(response.status).toBe(200);
    await expect(response.text()).resolves.toBe('<!doctype html>');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // Override false: the origin's own content type stays.
    expect(response.headers.get('content-type')).toBe('text/html');
    // The user pool's issuer and login origins, once, as the local provider's.
    expect(response.headers.get('content-security-policy')).toBe(
      "connect-src 'self' http://localhost:8764",
    );
    const file = await get('/site/assets/main-NEW.js');
    expect(file.headers.get('content-type')).toBe('text/javascript');
    await expect(file.text()).resolves.toBe('export {}');
    expect((await get('/site/assets/main-OLD.js')).status).toBe(404);
  });

  it('leaves every other path to the API origin', async () => {
    for (const path of ['/sites', '/editions/2020', '/']) {
      await expect((await get(path)).text()).resolves.toBe(`api ${path}`);
    }
  });

  it("maps the authorizer's issuer and audience as wholes, and the sign-in origins within a text", () => {
    const issuer = resolver.string(stack, {
      'Fn::Join': ['', [`${ISSUER_ORIGIN}/`, { Ref: 'Pool' }]],
    });
    expect(signIn(issuer)).toBe('http://localhost:8764');
    expect(signIn('the-client-id')).toBe('workshop-console');
    expect(signIn('openid email profile')).toBe('openid email profile');
  });
});
