import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { nagReport, resourcesOf, template } from './synthesized.ts';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'];

/** The series stack's CloudFront distribution, its cache rules, logs and invalidation rights. */
export function frontDoorChecks(): void {
  describe('the front door', () => {
    const distribution = () => {
      const [resource] = resourcesOf('AWS::CloudFront::Distribution');
      return resource?.Properties.DistributionConfig;
    };

    it('caches public GETs as long as the API says, keyed by query string and Origin, compressed', () => {
      expect(distribution().DefaultCacheBehavior).toMatchObject({
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachedMethods: ['GET', 'HEAD'],
        CachePolicyId: { Ref: expect.stringMatching(/^FrontDoorPublicReads/) },
        OriginRequestPolicyId: { Ref: expect.stringMatching(/^FrontDoorPreflight/) },
        ViewerProtocolPolicy: 'redirect-to-https',
        Compress: true,
      });
      template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({
          // Without Cache-Control from the API nothing is kept.
          DefaultTTL: 0,
          MinTTL: 0,
          ParametersInCacheKeyAndForwardedToOrigin: {
            QueryStringsConfig: { QueryStringBehavior: 'all' },
            HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Origin'] },
            CookiesConfig: { CookieBehavior: 'none' },
            EnableAcceptEncodingGzip: true,
            EnableAcceptEncodingBrotli: true,
          },
        }),
      });
      // Neither Authorization nor Host reaches the API from a cached path.
      template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
        OriginRequestPolicyConfig: Match.objectLike({
          HeadersConfig: {
            HeaderBehavior: 'whitelist',
            Headers: ['Access-Control-Request-Method', 'Access-Control-Request-Headers'],
          },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      });
    });

    it('never caches /admin, registrations or submissions, and passes every method and viewer header but Host', () => {
      const all = distribution().CacheBehaviors;
      // The console's paths first (its S3 origin, console.ts), then the API's uncached ones.
      expect(all.map((behaviour: { PathPattern: string }) => behaviour.PathPattern)).toEqual([
        '/console/assets/*',
        '/console/*',
        '/console',
        '/admin/*',
        '/editions/*/registrations*',
        '/*/manage',
        '/editions/*/submissions*',
        '/*/submission',
      ]);
      const behaviours = all.slice(3);
      for (const behaviour of behaviours) {
        expect(behaviour).toMatchObject({
          AllowedMethods: ALL_METHODS,
          CachePolicyId: CACHING_DISABLED,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          ViewerProtocolPolicy: 'https-only',
        });
      }
    });

    it('acknowledges the TLS finding only for the default certificate, whose policy CloudFront fixes', () => {
      const [report] = nagReport.pluginReports;
      const cfr4 = report?.suppressedViolations.filter(
        ({ ruleName }) => ruleName === 'AwsSolutions-CFR4',
      );
      expect(cfr4).toEqual([
        expect.objectContaining({ reason: expect.stringMatching(/-c domainName/) }),
      ]);
      expect(distribution().ViewerCertificate).toBeUndefined();
    });

    it('speaks HTTP/2 and HTTP/3 to viewers, TLS 1.2 to the API, behind the series web ACL from us-east-1', () => {
      expect(distribution()).toMatchObject({
        HttpVersion: 'http2and3',
        Origins: [
          {
            CustomOriginConfig: {
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            },
            DomainName: {
              'Fn::Select': [
                2,
                { 'Fn::Split': ['/', { 'Fn::GetAtt': [expect.any(String), 'ApiEndpoint'] }] },
              ],
            },
          },
          // The console's files (console.ts).
          expect.objectContaining({ S3OriginConfig: expect.anything() }),
        ],
        WebACLId: {
          'Fn::GetStackOutput': {
            StackName: 'HpcwSeriesFirewall',
            Region: 'us-east-1',
            OutputName: expect.any(String),
          },
        },
      });
    });

    it('logs to a private, encrypted, SSL-only bucket that forgets after 30 days', () => {
      expect(distribution().Logging).toEqual({
        Bucket: {
          'Fn::GetAtt': [expect.stringMatching(/^FrontDoorAccessLogs/), 'RegionalDomainName'],
        },
        IncludeCookies: false,
        Prefix: 'cloudfront/',
      });
      template.hasResourceProperties('AWS::S3::Bucket', {
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30 })] },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('lets only the organizers (delays), the editor (releases), the call (speakers’ materials), the seeder and the console deployment invalidate, and only this distribution', () => {
      const invalidators = resourcesOf('AWS::IAM::Policy').flatMap((policy) =>
        policy.Properties.PolicyDocument.Statement.filter(
          (statement: { Action: string | string[] }) =>
            [statement.Action].flat().some((action) => action.startsWith('cloudfront:')),
        ).map((statement: Record<string, unknown>) => ({
          policy: policy.Properties.PolicyName.replace(/Role.*$/, ''),
          ...statement,
        })),
      );
      const arn = {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':cloudfront::123456789012:distribution/',
            { Ref: expect.stringMatching(/^FrontDoorDistribution/) },
          ],
        ],
      };
      expect(invalidators.sort((a, b) => a.policy.localeCompare(b.policy))).toEqual([
        {
          policy: 'Cfp',
          Effect: 'Allow',
          Action: 'cloudfront:CreateInvalidation',
          Resource: arn,
        },
        {
          policy: 'ConsoleDeploy',
          Effect: 'Allow',
          Action: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
          Resource: arn,
        },
        {
          policy: 'Editor',
          Effect: 'Allow',
          Action: 'cloudfront:CreateInvalidation',
          Resource: arn,
        },
        {
          policy: 'Organizers',
          Effect: 'Allow',
          Action: 'cloudfront:CreateInvalidation',
          Resource: arn,
        },
        {
          policy: 'Seeder',
          Effect: 'Allow',
          Action: 'cloudfront:CreateInvalidation',
          Resource: arn,
        },
      ]);
      const withDistribution = resourcesOf('AWS::Lambda::Function')
        .filter((resource) => resource.Properties.Environment?.Variables?.DISTRIBUTION_ID)
        .map((resource) => resource.Properties.Description);
      expect(withDistribution).toEqual([
        expect.stringMatching(/the call for papers/),
        expect.stringMatching(/organizer routes of the day/),
        expect.stringMatching(/the draft and its releases/),
        expect.stringMatching(/publishes an edition file/),
      ]);
    });

    it('hands out links on the CloudFront domain', () => {
      const links = resourcesOf('AWS::Lambda::Function')
        .map((resource) => resource.Properties.Environment?.Variables?.PUBLIC_URL)
        .filter(Boolean);
      expect(links.length).toBeGreaterThanOrEqual(2);
      for (const link of links) {
        expect(link).toEqual({
          'Fn::Join': [
            '',
            [
              'https://',
              { 'Fn::GetAtt': [expect.stringMatching(/^FrontDoorDistribution/), 'DomainName'] },
            ],
          ],
        });
      }
    });
  });
}
