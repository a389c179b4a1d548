import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  Annotations,
  AssetHashType,
  type CfnElement,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import {
  AccessLevel,
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  type Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleCspFor } from '../../console/serve.ts';

/**
 * The organizer console in AWS (console/README.md): the files `buildConsole` makes (bundled at
 * synth, locally, as the functions are: no Docker), in a private bucket under `console/`, read by
 * the series' distribution only (Origin Access Control) under `/console`:
 * - `/console/assets/*`: the content-hashed files, `Cache-Control: public, max-age=31536000,
 *   immutable`; a missing one is S3's 404 (the origin may list, so no 403).
 * - `/console` and `/console/*`: a CloudFront Function answers `index.html` for every path whose
 *   last segment has no dot (the console's routes, `/console/callback`); `Cache-Control:
 *   no-store` (it names the current hashed files).
 * Both with the local server's Content-Security-Policy (console/serve.ts), its sign-in origins the
 * user pool's issuer and managed login domain, HSTS, nosniff, DENY framing and no referrer.
 * A deploy replaces the files (removing the old) and invalidates `/console/*`.
 */

/** Where the files are in the bucket: the viewer's path, without a rewrite at the origin. */
const KEY_PREFIX = 'console/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A viewer-request function (cloudfront-js-2.0): a page of the console is its index.html. */
const INDEX_FUNCTION = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (request.uri.indexOf('/console/assets/') !== 0 && last.indexOf('.') === -1) {
    request.uri = '/console/index.html';
  }
  return request;
}`;

export interface ConsoleSiteProps {
  /** Origins the console's sign-in talks to: the issuer's and the managed login domain's. */
  signInOrigins: string[];
  /** "HPCW", for descriptions. */
  label: string;
}

export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  /** The distribution's behaviours for the console, to go before the API's paths. */
  readonly behaviors: Record<string, BehaviorOptions>;
  private readonly files: Asset;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // The deployment deletes its files when it goes (retainOnDelete: false): empty, it goes too.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Only CloudFront reads this bucket (Origin Access Control), and its access logs record every viewer request; the files are rebuilt from the repository at each deploy.',
    });
    this.files = new Asset(this, 'Build', {
      path: join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console'),
      // The built files' hash: a deploy uploads and invalidates only when they changed.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never used: the local bundling below always runs (as the functions', no Docker).
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
        local: { tryBundle: (outputDir) => buildConsoleInto(outputDir) },
      },
    });

    const csp = consoleCspFor(props.signInOrigins);
    const headers = (name: string, cacheControl: string) =>
      new ResponseHeadersPolicy(this, name, {
        comment: `${props.label}: the console's CSP, HSTS and caching (${cacheControl})`,
        securityHeadersBehavior: {
          contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
          strictTransportSecurity: {
            accessControlMaxAge: Duration.days(365),
            includeSubdomains: false,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        },
        customHeadersBehavior: {
          customHeaders: [{ header: 'Cache-Control', value: cacheControl, override: true }],
        },
      });
    // Reading and listing: a missing file is a 404, as under npm start, not S3's 403.
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket, {
      originAccessLevels: [AccessLevel.READ, AccessLevel.LIST],
    });
    const common = {
      origin,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      // No query string or cookie in the key or to S3 (the callback's code stays at the edge).
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      compress: true,
    };
    const index = new CloudFrontFunction(this, 'Pages', {
      comment: `${props.label}: console pages are its index.html`,
      code: FunctionCode.fromInline(INDEX_FUNCTION),
      runtime: FunctionRuntime.JS_2_0,
    });
    const pages: BehaviorOptions = {
      ...common,
      responseHeadersPolicy: headers('PageHeaders', 'no-store'),
      functionAssociations: [{ function: index, eventType: FunctionEventType.VIEWER_REQUEST }],
    };
    this.behaviors = {
      '/console/assets/*': { ...common, responseHeadersPolicy: headers('FileHeaders', IMMUTABLE) },
      '/console/*': pages,
      '/console': pages,
    };
  }

  /**
   * Uploads the build (replacing what an earlier deploy left) and invalidates `/console/*` of
   * the distribution. Its function's role may do exactly that (the CDK's would read and write
   * every object of both buckets and invalidate every distribution).
   */
  deploy(distribution: Distribution): BucketDeployment {
    const logGroup = new LogGroup(this, 'DeployLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the console build into its bucket and invalidates /console/*',
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.files.bucket.arnForObjects(this.files.s3ObjectKey)],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects(`${KEY_PREFIX}*`)],
      }),
    );
    distribution.grant(role, 'cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation');
    Annotations.of(distribution).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      'The bucket origin serves /console paths only (the default behaviour is the API), so no request reaches its root, where listing would answer.',
    );
    const deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.bucket(this.files.bucket, this.files.s3ObjectKey)],
      destinationBucket: this.bucket,
      destinationKeyPrefix: KEY_PREFIX,
      // Removes the files of the previous build (hashed names change).
      prune: true,
      retainOnDelete: false,
      distribution,
      distributionPaths: ['/console/*'],
      role: role.withoutPolicyUpdates(),
      logGroup,
    });
    const stack = Stack.of(this);
    const bucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${KEY_PREFIX}*]`,
      reason:
        'The deployment replaces every file of the console, whose names are content hashes known only at build.',
    });
    // The CDK's handler (Python and its AWS CLI layer), one per stack, beside the deployment.
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions::AwsSolutions-L1',
        reason:
          'The CDK chooses the BucketDeployment handler runtime, with the AWS CLI layer it is tested with; it runs only during a deploy.',
      });
    }
    return deployment;
  }
}

/**
 * `buildConsole` (async, esbuild) into the asset's folder, from CDK's synchronous local bundling:
 * in a child Node (the running one: Node 24 runs the TypeScript as it is).
 */
function buildConsoleInto(outputDir: string): boolean {
  const build = pathToFileURL(
    join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console', 'build.ts'),
  ).href;
  const script = `const { buildConsole } = await import(${JSON.stringify(build)});
await buildConsole({ outdir: process.argv[1] });`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, outputDir], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`The console build failed: ${result.stderr || result.error?.message}`);
  }
  return true;
}
