import { Duration, Fn, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../functions/contract.ts';

/**
 * The edition's front door: a CloudFront distribution before its HTTP API, behind the edition's
 * web ACL (infra/firewall-stack.ts, us-east-1), over HTTP/2 and HTTP/3, with standard access logs
 * in an S3 bucket.
 *
 * - Default behaviour, the public reads (GET, HEAD; OPTIONS passes for CORS preflights): cached
 *   for as long as the API's `Cache-Control` says (nothing without it), revalidated with its
 *   ETags; the query string and the `Origin` header (CORS answers differ by origin) are the key.
 * - `/admin/*` and `/editions/*\/registrations*`: never cached, every method, every viewer header
 *   passed on (Authorization, Idempotency-Key, If-Match) except Host, which API Gateway needs
 *   to be its own.
 * - Every request to the API carries `x-origin-verify`, the origin secret (Secrets Manager,
 *   resolved into the distribution at deploy): the functions refuse requests without it, so the
 *   execute-api URL, which CloudFront and the web ACL never see, serves nothing. Rotation: put a
 *   new value, then deploy with `-c originSecretVersion=<its VersionId>`; the functions accept
 *   the current and the previous value, so neither step refuses CloudFront.
 */

export interface FrontDoorDomain {
  /** e.g. `hpcw.example.org`; its DNS record (a CNAME or alias to the distribution) is yours. */
  name: string;
  /** An ACM certificate for the name, in us-east-1 (CloudFront takes no other). */
  certificateArn: string;
}

export interface FrontDoorProps {
  api: HttpApi;
  /** The ARN of the edition's web ACL (scope CLOUDFRONT). */
  webAclArn: string;
  domain?: FrontDoorDomain;
  comment: string;
  /**
   * The version of the origin secret CloudFront sends (`-c originSecretVersion`): a new one makes
   * the deploy change the header after a rotation. The current version when absent.
   */
  originSecretVersion?: string;
  /** Behaviours of other origins (the console's), matched before the API's paths. */
  leadingBehaviors?: Record<string, BehaviorOptions>;
}

/**
 * Paths whose answers are personal or for organizers: never cached, every method passed (the
 * registration form posts to the registrations, the manage page's form to `/{year}/manage`; the
 * call's form to the submissions, the speakers' page's to `/{year}/submission`, with the
 * submission's token as a bearer token).
 */
const UNCACHED_PATHS = [
  '/admin/*',
  '/editions/*/registrations*',
  '/*/manage',
  '/editions/*/submissions*',
  '/*/submission',
] as const;

/** How long the access logs are kept. */
const ACCESS_LOG_DAYS = 30;

/** A cached answer lives at most this long, whatever the API says. */
const MAX_TTL = Duration.days(1);

export class FrontDoor extends Construct {
  readonly distribution: Distribution;
  readonly logs: Bucket;
  /** The origin that the API's links should use: `https://` and the custom or CloudFront domain. */
  readonly url: string;
  /** What CloudFront sends in `x-origin-verify`; the functions behind it read it to check. */
  readonly originSecret: Secret;

  constructor(scope: Construct, id: string, props: FrontDoorProps) {
    super(scope, id);
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: `${props.comment}: the x-origin-verify value CloudFront sends the API`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'CloudFront learns a new value only at a deploy: rotation is put-secret-value, then cdk deploy -c originSecretVersion (SECURITY.md); the functions accept the previous value meanwhile.',
    });
    const originHeader = SecretValue.secretsManager(this.originSecret.secretArn, {
      ...(props.originSecretVersion ? { versionId: props.originSecretVersion } : {}),
    });
    const origin = new HttpOrigin(apiDomain(props.api), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // A dynamic reference, resolved by CloudFormation: the value is in no template.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: originHeader.unsafeUnwrap() },
    });

    const publicReads = new CachePolicy(this, 'PublicReads', {
      comment:
        'Public reads: the API Cache-Control and ETag decide; query string and Origin are the key',
      // No Cache-Control, no caching: only what the API marks cacheable is kept.
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: MAX_TTL,
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.allowList('Origin'),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // CORS preflights need these to reach API Gateway; they are not part of the key (OPTIONS is
    // never cached).
    const preflight = new OriginRequestPolicy(this, 'Preflight', {
      comment: 'CORS preflight headers for the public reads',
      headerBehavior: OriginRequestHeaderBehavior.allowList(
        'Access-Control-Request-Method',
        'Access-Control-Request-Headers',
      ),
      queryStringBehavior: OriginRequestQueryStringBehavior.none(),
    });
    const uncached = {
      origin,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      compress: true,
    };

    this.logs = new Bucket(this, 'AccessLogs', {
      // CloudFront's standard logs are delivered with an object ACL.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_DAYS) }],
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'This bucket holds the access logs; logging access to it into another bucket would only move the question.',
    });

    const { domain } = props;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: props.comment,
      defaultBehavior: {
        origin,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        cachePolicy: publicReads,
        originRequestPolicy: preflight,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        compress: true,
      },
      additionalBehaviors: {
        ...props.leadingBehaviors,
        ...Object.fromEntries(UNCACHED_PATHS.map((path) => [path, uncached])),
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      ...(domain
        ? {
            domainNames: [domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR1',
      reason:
        'The agenda and registration are open to the world; no country is kept out (the web ACL limits abuse instead).',
    });
    if (!domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'On the default *.cloudfront.net certificate CloudFront fixes the security policy (TLSv1); deploy with -c domainName and -c certificateArn for TLSv1.2_2021.',
      });
    }
    this.url = `https://${domain ? domain.name : this.distribution.distributionDomainName}`;
  }
}

/** `https://abc123.execute-api.eu-central-1.amazonaws.com` -> its host name. */
function apiDomain(api: HttpApi): string {
  return Fn.select(2, Fn.split('/', api.apiEndpoint));
}

/**
 * The custom domain from the CDK context (`-c domainName`, `-c certificateArn`): both or neither,
 * and the certificate in us-east-1.
 */
export function frontDoorDomain(
  name: string | undefined,
  certificateArn: string | undefined,
): FrontDoorDomain | undefined {
  if (name === undefined && certificateArn === undefined) return undefined;
  if (!name || !certificateArn) {
    throw new Error(
      'A custom domain needs both -c domainName=<name> and -c certificateArn=<ACM ARN>.',
    );
  }
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(name)) {
    throw new Error(`domainName ${name} is not a domain name.`);
  }
  if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new Error(
      `certificateArn must be an ACM certificate in us-east-1 (CloudFront takes no other): ${certificateArn}`,
    );
  }
  return { name, certificateArn };
}
