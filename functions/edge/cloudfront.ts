import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { log } from '#functions/log.ts';
import { editionPaths, noPublicCache, type PublicCache } from './public-cache.ts';

/** How long a release waits for CloudFront to take the invalidation, at most. */
const INVALIDATION_TIMEOUT_MS = 3_000;

/**
 * The public cache in AWS: a CloudFront invalidation of the edition's public paths. A failure
 * is logged, never thrown: the release is already committed, and the cached answers then expire
 * by their own `Cache-Control` lifetime.
 */
export function cloudFrontCache(client: CloudFrontClient, distributionId: string): PublicCache {
  return {
    async invalidateEdition(year, release) {
      const paths = editionPaths(year);
      try {
        const { Invalidation } = await client.send(
          new CreateInvalidationCommand({
            DistributionId: distributionId,
            InvalidationBatch: {
              // Unique per call: CloudFront takes a repeated reference as the same request.
              CallerReference: `edition-${year}-release-${release}-${Date.now()}`,
              Paths: { Quantity: paths.length, Items: paths },
            },
          }),
          { abortSignal: AbortSignal.timeout(INVALIDATION_TIMEOUT_MS) },
        );
        log.info('front door invalidated', { year, release, invalidation: Invalidation?.Id });
      } catch (error) {
        log.warn('front door not invalidated', {
          year,
          release,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    },
  };
}

/**
 * The public cache of a Lambda function: CloudFront when the stack gave it the distribution
 * (DISTRIBUTION_ID, with the permission to invalidate it), none otherwise.
 */
export function lambdaPublicCache(): PublicCache {
  const distributionId = process.env.DISTRIBUTION_ID;
  return distributionId ? cloudFrontCache(new CloudFrontClient({}), distributionId) : noPublicCache;
}
