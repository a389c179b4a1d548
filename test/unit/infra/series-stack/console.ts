import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { runViewerRequest } from '../../../../scripts/stack-local/distribution.ts';
import { assemblyDirectory, REGION, resourcesOf, template } from './synthesized.ts';

const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ISSUER_ORIGIN = `https://cognito-idp.${REGION}.amazonaws.com`;

type Resource = { Properties: Record<string, any> };

/** The organizer console in S3 behind the series' distribution (issue 24). */
export function consoleChecks(): void {
  describe('the organizer console in AWS', () => {
    const distribution = () => resourcesOf('AWS::CloudFront::Distribution')[0]?.Properties;
    const behaviour = (path: string) =>
      distribution().DistributionConfig.CacheBehaviors.find(
        (candidate: { PathPattern: string }) => candidate.PathPattern === path,
      );
    const logicalIdOf = (type: string, predicate: (resource: Resource) => boolean) =>
      Object.entries(template.findResources(type)).find(([, resource]) =>
        predicate(resource as Resource),
      )?.[0];
    const consoleBucket = () =>
      logicalIdOf('AWS::S3::Bucket', (bucket) => !bucket.Properties.LifecycleConfiguration);
    const headersPolicy = (path: string) => {
      const id = behaviour(path)?.ResponseHeadersPolicyId?.Ref;
      return template.toJSON().Resources[id].Properties.ResponseHeadersPolicyConfig;
    };
    const csp = (path: string) =>
      JSON.stringify(
        headersPolicy(path).SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
      );
    const functionCode = () => resourcesOf('AWS::CloudFront::Function')[0]?.Properties.FunctionCode;

    it('keeps the files in a private, encrypted, SSL-only bucket that is no website', () => {
      const id = consoleBucket();
      expect(id).toMatch(/^ConsoleFiles/);
      const bucket = template.toJSON().Resources[id as string];
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
      });
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
      const [policy] = resourcesOf('AWS::S3::BucketPolicy').filter(
        (candidate) => candidate.Properties.Bucket.Ref === id,
      );
      const statements = policy?.Properties.PolicyDocument.Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      // Only CloudFront, and only for this distribution, may read it: nobody else is allowed.
      const allowed = statements.filter(
        (statement: { Effect: string }) => statement.Effect === 'Allow',
      );
      expect(allowed.length).toBeGreaterThan(0);
      for (const statement of allowed) {
        expect(statement.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
        expect(JSON.stringify(statement.Condition.StringEquals['AWS:SourceArn'])).toMatch(
          /:distribution\/.*FrontDoorDistribution/,
        );
      }
    });

    it('is read through Origin Access Control (signed requests), not public or an identity', () => {
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        }),
      });
      const s3Origin = distribution().DistributionConfig.Origins.find(
        (origin: { S3OriginConfig?: unknown }) => origin.S3OriginConfig,
      );
      expect(s3Origin).toMatchObject({
        DomainName: { 'Fn::GetAtt': [consoleBucket(), 'RegionalDomainName'] },
        OriginAccessControlId: {
          'Fn::GetAtt': [expect.stringMatching(/S3OriginAccessControl/), 'Id'],
        },
        S3OriginConfig: { OriginAccessIdentity: '' },
      });
      template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
      for (const path of ['/console/assets/*', '/console/*', '/console']) {
        expect(behaviour(path)).toMatchObject({
          TargetOriginId: s3Origin.Id,
          AllowedMethods: ['GET', 'HEAD'],
          CachePolicyId: CACHING_OPTIMIZED,
          ViewerProtocolPolicy: 'redirect-to-https',
          Compress: true,
        });
      }
    });

    it('answers index.html for every page path under /console, the files as they are', async () => {
      for (const path of ['/console/assets/*', '/console/*', '/console']) {
        const associations = behaviour(path).FunctionAssociations ?? [];
        expect(associations.map(({ EventType }: { EventType: string }) => EventType)).toEqual(
          path === '/console/assets/*' ? [] : ['viewer-request'],
        );
      }
      const uriOf = async (uri: string) =>
        (await runViewerRequest(functionCode(), { method: 'GET', uri })).uri;
      for (const page of [
        '/console',
        '/console/',
        '/console/callback',
        '/console/editions/2020/registrations',
      ]) {
        expect(await uriOf(page), page).toBe('/console/index.html');
      }
      expect(await uriOf('/console/assets/main-3FZ2KQ.js')).toBe('/console/assets/main-3FZ2KQ.js');
      expect(await uriOf('/console/index.html')).toBe('/console/index.html');
    });

    it('sends the strict CSP with the user pool issuer and managed login, HSTS, nosniff, no framing; index.html never cached, hashed files forever', () => {
      for (const [path, cacheControl] of [
        ['/console/*', 'no-store'],
        ['/console', 'no-store'],
        ['/console/assets/*', 'public, max-age=31536000, immutable'],
      ] as const) {
        const policy = headersPolicy(path);
        expect(policy.CustomHeadersConfig.Items).toEqual([
          { Header: 'Cache-Control', Value: cacheControl, Override: true },
        ]);
        expect(policy.SecurityHeadersConfig).toMatchObject({
          StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        });
        const text = csp(path);
        for (const directive of [
          "default-src 'none'",
          "script-src 'self'",
          "style-src 'self'",
          "frame-ancestors 'none'",
          "base-uri 'none'",
        ]) {
          expect(text).toContain(directive);
        }
        expect(text).not.toContain('unsafe-inline');
        // connect-src and form-action: the issuer's origin, then the managed login domain.
        const signIn = (directive: string) =>
          new RegExp(
            `${directive} 'self' ${ISSUER_ORIGIN} https://",\\{"Ref":"OrganizerAuthOrganizersSignIn\\w+"\\},"\\.auth\\.${REGION}\\.amazoncognito\\.com;`,
          );
        expect(text).toMatch(signIn('connect-src'));
        expect(text).toMatch(signIn('form-action'));
      }
    });

    it('deploys the console build under console/, replacing the old files, invalidating /console/*, with a role that may do only that', () => {
      const [deployment] = resourcesOf('Custom::CDKBucketDeployment');
      expect(deployment?.Properties).toMatchObject({
        DestinationBucketName: { Ref: consoleBucket() },
        DestinationBucketKeyPrefix: 'console/',
        Prune: true,
        RetainOnDelete: false,
        DistributionId: { Ref: expect.stringMatching(/^FrontDoorDistribution/) },
        DistributionPaths: ['/console/*'],
      });
      // The asset is the build: index.html naming its hashed files, which are there.
      const [key] = deployment?.Properties.SourceObjectKeys ?? [];
      const folder = join(assemblyDirectory, `asset.${key.replace(/\.zip$/, '')}`);
      const html = readFileSync(join(folder, 'index.html'), 'utf8');
      const scripts = [...html.matchAll(/src="\/console\/([^"]+)"/g)].map((match) => match[1]);
      expect(scripts).toEqual([expect.stringMatching(/^assets\/main-\w+\.js$/)]);
      for (const script of scripts) expect(existsSync(join(folder, script as string))).toBe(true);
      expect(html).not.toMatch(/<script>|<style>/);

      const roleId = logicalIdOf('AWS::IAM::Role', (role) =>
        /Copies the console build/.test(role.Properties.Description ?? ''),
      );
      const handlers = resourcesOf('AWS::Lambda::Function').filter(
        (fn) => fn.Properties.Role['Fn::GetAtt']?.[0] === roleId,
      );
      expect(handlers).toHaveLength(1);
      const statements = resourcesOf('AWS::IAM::Policy')
        .filter((policy) =>
          policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId),
        )
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      expect(
        statements.map((statement: { Action: string | string[] }) =>
          [statement.Action].flat().sort(),
        ),
      ).toEqual([
        ['logs:CreateLogStream', 'logs:PutLogEvents'],
        ['s3:GetObject'],
        ['s3:ListBucket'],
        ['s3:DeleteObject', 's3:PutObject'],
        ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
      ]);
      expect(JSON.stringify(statements[1].Resource)).toContain(`/${key}`);
      expect(JSON.stringify(statements[3].Resource)).toContain('/console/*');
      // No managed policy (the CDK's own role would carry AWSLambdaBasicExecutionRole).
      expect(
        template.toJSON().Resources[roleId as string].Properties.ManagedPolicyArns,
      ).toBeUndefined();
    });

    it('gives the docs function the sign-in that GET /auth/config answers, and routes it', () => {
      const [docs] = resourcesOf('AWS::Lambda::Function').filter((fn) =>
        /openapi\.json/.test(fn.Properties.Description ?? ''),
      );
      const pool = logicalIdOf('AWS::Cognito::UserPool', () => true);
      const client = logicalIdOf('AWS::Cognito::UserPoolClient', () => true);
      expect(docs?.Properties.Environment.Variables).toMatchObject({
        SIGN_IN_ISSUER: { 'Fn::Join': ['', [`${ISSUER_ORIGIN}/`, { Ref: pool }]] },
        SIGN_IN_CLIENT_ID: { Ref: client },
        SIGN_IN_SCOPES: 'openid email profile',
      });
      // The same issuer as the API's JWT authorizer trusts.
      const [authorizer] = resourcesOf('AWS::ApiGatewayV2::Authorizer');
      expect(authorizer?.Properties.JwtConfiguration.Issuer).toEqual(
        docs?.Properties.Environment.Variables.SIGN_IN_ISSUER,
      );
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: 'GET /auth/config',
      });
    });

    it('lets the console sign out to /console/ and the CLI to its loopback', () => {
      const [client] = resourcesOf('AWS::Cognito::UserPoolClient');
      const domain = {
        'Fn::GetAtt': [expect.stringMatching(/^FrontDoorDistribution/), 'DomainName'],
      };
      expect(client?.Properties.CallbackURLs).toEqual([
        { 'Fn::Join': ['', ['https://', domain, '/console/callback']] },
        'http://localhost:8765/callback',
      ]);
      expect(client?.Properties.LogoutURLs).toEqual([
        { 'Fn::Join': ['', ['https://', domain, '/console/']] },
        'http://localhost:8765/',
      ]);
      expect(template.toJSON().Outputs.ConsoleUrl.Value).toEqual({
        'Fn::Join': ['', ['https://', domain, '/console/']],
      });
    });
  });
}
