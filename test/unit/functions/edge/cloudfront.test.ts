import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cloudFrontCache, lambdaPublicCache } from '#functions/edge/cloudfront.ts';
import { editionPaths, noPublicCache } from '#functions/edge/public-cache.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import { createPublicApp } from '#functions/public/app.ts';

const cloudFront = mockClient(CloudFrontClient);

beforeEach(() => {
  cloudFront.reset();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** CloudFront's path patterns: `*` is any characters, `/` included; everything else is literal. */
function matches(pattern: string, path: string): boolean {
  const literal = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('.*')}$`).test(path);
}

describe('the paths a release invalidates', () => {
  const unused = () => {
    throw new Error('not called');
  };
  const routes = [
    ...createPublicApp({
      store: { listEditions: unused, getPublishedEdition: unused } as never,
      seats: { getSeatCounter: unused },
      releases: { listReleases: unused, changes: unused },
      clock: () => new Date(),
      publicUrl: 'https://hpcw.example.org',
    }).routes,
    ...createPagesApp({ store: {} as never, seats: {} as never, clock: () => new Date() }).routes,
  ]
    .filter((route) => route.method === 'GET')
    .map((route) => route.path);

  it.each([...new Set(routes)])('cover the public route %s for the released edition', (route) => {
    // A parameter may carry a pattern with braces of its own: `:year{[0-9]{4}}`.
    const path = route.replace(/:(\w+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g, (_all, name) =>
      name === 'year' ? '2020' : 'some-id',
    );
    expect(editionPaths(2020).some((pattern) => matches(pattern, path))).toBe(true);
  });

  it('leave other editions and the API description alone', () => {
    for (const path of ['/editions/2021/agenda', '/2021', '/openapi.json', '/docs']) {
      expect(editionPaths(2020).some((pattern) => matches(pattern, path))).toBe(false);
    }
  });
});

describe('the CloudFront public cache', () => {
  it('invalidates the edition paths on the distribution, once per release', async () => {
    cloudFront.on(CreateInvalidationCommand).resolves({ Invalidation: { Id: 'I1' } as never });
    await cloudFrontCache(new CloudFrontClient({}), 'E2QWRUHEXAMPLE').invalidateEdition(2020, 4);
    expect(cloudFront).toHaveReceivedCommandTimes(CreateInvalidationCommand, 1);
    expect(cloudFront).toHaveReceivedCommandWith(CreateInvalidationCommand, {
      DistributionId: 'E2QWRUHEXAMPLE',
      InvalidationBatch: {
        CallerReference: expect.stringMatching(/^edition-2020-release-4-\d+$/),
        Paths: { Quantity: editionPaths(2020).length, Items: editionPaths(2020) },
      },
    });
  });

  it('never fails the release it follows: CloudFront refusing is logged, the cache expires on its own', async () => {
    cloudFront.on(CreateInvalidationCommand).rejects(new Error('TooManyInvalidationsInProgress'));
    await expect(
      cloudFrontCache(new CloudFrontClient({}), 'E2QWRUHEXAMPLE').invalidateEdition(2020, 5),
    ).resolves.toBeUndefined();
  });

  it('is CloudFront in a function given the distribution, and nothing otherwise', async () => {
    vi.stubEnv('DISTRIBUTION_ID', '');
    expect(lambdaPublicCache()).toBe(noPublicCache);
    vi.stubEnv('DISTRIBUTION_ID', 'E2QWRUHEXAMPLE');
    cloudFront.on(CreateInvalidationCommand).resolves({});
    await lambdaPublicCache().invalidateEdition(2020, 2);
    expect(cloudFront).toHaveReceivedCommandWith(CreateInvalidationCommand, {
      DistributionId: 'E2QWRUHEXAMPLE',
    });
  });
});
