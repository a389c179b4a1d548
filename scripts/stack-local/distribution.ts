import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { createContext, Script } from 'node:vm';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { Assembly, AssemblyStack } from './assembly.ts';
import type { Resolver } from './intrinsics.ts';
import { LOCAL_SECRET_ACCESS_KEY } from './resources.ts';

/**
 * A CloudFront distribution's other origins, locally: its cache behaviours matched by path
 * pattern in their order (else the default one), an S3 origin answered from the local buckets,
 * the viewer-request CloudFront Functions run (node:vm, as their code is), the response headers
 * policies' headers set. What fills the buckets: the CDK's BucketDeployment custom resource (a
 * Python Lambda with the AWS CLI in AWS), done here by copying its asset folder in and asking the
 * local AWS endpoint for its invalidation, as the deployment's role. And what the console sees of
 * sign-in: the user pool's issuer, client and sign-in origins mapped to the local identity's, as
 * the JWT authorizer's are (api-wiring.ts).
 */

/** Objects by key, by bucket name. */
export type LocalBuckets = Map<string, Map<string, Uint8Array>>;

type Handler = (request: Request, sourceIp: string) => Promise<Response>;

/** What of the runner's wiring (triggers.ts) these need. */
interface SiteWiring {
  assembly: Assembly;
  resolver: Resolver;
  endpoint: string;
  buckets: LocalBuckets;
  signIn(value: string): string;
  log(entry: Record<string, unknown>): void;
}

const ofType = (stack: AssemblyStack, type: string) =>
  Object.entries(stack.template.Resources).filter(([, resource]) => resource.Type === type);

/** As `aws s3 sync` guesses them from the name. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/vnd.microsoft.icon',
  '.txt': 'text/plain',
};

function filesOf(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesOf(path) : [path];
  });
}

/**
 * Custom::CDKBucketDeployment: its sources (asset folders of the assembly, by their zip's hash)
 * copied under the destination prefix, what else is there removed when it prunes, and the
 * distribution's paths invalidated through the local endpoint as the handler's role.
 */
export async function deployBucket(
  wiring: SiteWiring,
  properties: Record<string, unknown>,
  accessKeyId: string,
  region: string,
): Promise<void> {
  const bucketName = String(properties.DestinationBucketName);
  const prefix = String(properties.DestinationBucketKeyPrefix ?? '');
  const objects = wiring.buckets.get(bucketName) ?? new Map<string, Uint8Array>();
  wiring.buckets.set(bucketName, objects);
  const deployed = new Map<string, Uint8Array>();
  for (const key of (properties.SourceObjectKeys ?? []) as string[]) {
    const folder = join(wiring.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
    if (!existsSync(folder)) throw new Error(`BucketDeployment: no asset folder for ${key}.`);
    for (const file of filesOf(folder)) {
      deployed.set(`${prefix}${relative(folder, file).split(sep).join('/')}`, readFileSync(file));
    }
  }
  if (String(properties.Prune ?? 'true') !== 'false') {
    for (const key of objects.keys()) if (key.startsWith(prefix)) objects.delete(key);
  }
  for (const [key, contents] of deployed) objects.set(key, contents);
  wiring.log({ message: 'bucket deployed', bucket: bucketName, prefix, objects: deployed.size });
  const distributionId = properties.DistributionId;
  if (typeof distributionId !== 'string' || !distributionId) return;
  const paths = (properties.DistributionPaths ?? ['/*']) as string[];
  const cloudFront = new CloudFrontClient({
    endpoint: wiring.endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey: LOCAL_SECRET_ACCESS_KEY },
  });
  try {
    await cloudFront.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: {
          CallerReference: `bucket-deployment-${Date.now()}`,
          Paths: { Quantity: paths.length, Items: paths },
        },
      }),
    );
  } finally {
    cloudFront.destroy();
  }
}

/** CloudFront's path pattern: `*` any characters (slashes too), `?` one; case-sensitive. */
function patternOf(path: string): RegExp {
  const escaped = path.replace(/^\/?/, '/').replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('*', '.*').replaceAll('?', '.')}$`);
}

interface Behaviour {
  pattern: RegExp;
  bucket?: string;
  functions: ((event: unknown) => unknown)[];
  headers: { name: string; value: string; override: boolean }[];
}

type Raw = Record<string, unknown>;

/** A viewer-request function's handler, its code evaluated once in a context of its own. */
function viewerFunction(code: string): (event: unknown) => unknown {
  const context = createContext({ console });
  new Script(`${code}\n;globalThis.__handler = handler;`).runInContext(context);
  return context.__handler as (event: unknown) => unknown;
}

/** A CloudFront Function's viewer-request answer for `request`: the request, maybe changed. */
export async function runViewerRequest(
  code: string,
  request: { method: string; uri: string; querystring?: Record<string, { value: string }> },
): Promise<{ uri?: string; statusCode?: number }> {
  return (await viewerFunction(code)(viewerEvent(request))) as { uri?: string };
}

function viewerEvent(request: {
  method: string;
  uri: string;
  querystring?: Record<string, { value: string }>;
  headers?: Record<string, { value: string }>;
}) {
  return {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '127.0.0.1' },
    request: { querystring: {}, headers: {}, cookies: {}, ...request },
  };
}

/** A response headers policy as the headers it sets (CloudFront's names and values). */
function policyHeaders(config: Raw, mapped: (value: string) => string): Behaviour['headers'] {
  const security = (config.SecurityHeadersConfig ?? {}) as Record<string, Raw | undefined>;
  const headers: Behaviour['headers'] = [];
  const add = (name: string, value: string, entry: Raw | undefined) =>
    headers.push({ name, value, override: entry?.Override === true });
  const csp = security.ContentSecurityPolicy;
  if (csp) add('content-security-policy', mapped(String(csp.ContentSecurityPolicy)), csp);
  const hsts = security.StrictTransportSecurity;
  if (hsts) {
    const parts = [`max-age=${hsts.AccessControlMaxAgeSec}`];
    if (hsts.IncludeSubdomains) parts.push('includeSubDomains');
    if (hsts.Preload) parts.push('preload');
    add('strict-transport-security', parts.join('; '), hsts);
  }
  if (security.ContentTypeOptions) {
    add('x-content-type-options', 'nosniff', security.ContentTypeOptions);
  }
  const frame = security.FrameOptions;
  if (frame) add('x-frame-options', String(frame.FrameOption), frame);
  const referrer = security.ReferrerPolicy;
  if (referrer) add('referrer-policy', String(referrer.ReferrerPolicy), referrer);
  const custom = (config.CustomHeadersConfig as { Items?: Raw[] } | undefined)?.Items ?? [];
  for (const item of custom) add(String(item.Header).toLowerCase(), String(item.Value), item);
  return headers;
}

function behaviourOf(
  stack: AssemblyStack,
  resolver: Resolver,
  raw: Raw,
  origins: Raw[],
  mapped: (value: string) => string,
): Omit<Behaviour, 'pattern'> {
  const origin = origins.find(({ Id }) => Id === raw.TargetOriginId);
  const domain = origin?.S3OriginConfig ? resolver.string(stack, origin.DomainName) : '';
  const bucket = /^(.+)\.s3\.([a-z0-9-]+\.)?amazonaws\.com$/.exec(domain)?.[1];
  const resourceOf = (reference: unknown) => {
    const id =
      (reference as { Ref?: string }).Ref ??
      (reference as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
    return id ? stack.template.Resources[id] : undefined;
  };
  const functions = ((raw.FunctionAssociations ?? []) as Raw[])
    .filter(({ EventType }) => EventType === 'viewer-request')
    .flatMap(({ FunctionARN }) => {
      const code = resourceOf(FunctionARN)?.Properties?.FunctionCode;
      return code === undefined ? [] : [viewerFunction(resolver.string(stack, code))];
    });
  const policy = raw.ResponseHeadersPolicyId ? resourceOf(raw.ResponseHeadersPolicyId) : undefined;
  const config = policy
    ? (resolver.resolve(stack, policy.Properties?.ResponseHeadersPolicyConfig) as Raw)
    : undefined;
  return {
    ...(bucket ? { bucket } : {}),
    functions,
    headers: config ? policyHeaders(config, mapped) : [],
  };
}

/** GET or HEAD of an object, as S3 answers CloudFront (it may list: a missing key is a 404). */
function objectAnswer(objects: Map<string, Uint8Array> | undefined, request: Request, uri: string) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response(null, { status: 403 });
  }
  const contents = objects?.get(decodeURIComponent(uri.slice(1)));
  if (!contents) {
    return new Response('<Error><Code>NoSuchKey</Code></Error>', {
      status: 404,
      headers: { 'content-type': 'application/xml' },
    });
  }
  return new Response(request.method === 'HEAD' ? null : contents, {
    headers: {
      'content-type': CONTENT_TYPES[extname(uri)] ?? 'binary/octet-stream',
      etag: `"${createHash('md5').update(contents).digest('hex')}"`,
    },
  });
}

/**
 * The distribution's behaviours around `api` (what the API origin answers, with the origin's
 * custom headers): a path of an S3 behaviour is answered from the local bucket, after its
 * viewer-request functions, with its response headers policy's headers.
 */
export function withBehaviours(
  wiring: SiteWiring,
  stack: AssemblyStack,
  logicalId: string,
  api: Handler,
): Handler {
  const { resolver } = wiring;
  const config = (stack.template.Resources[logicalId]?.Properties?.DistributionConfig ?? {}) as Raw;
  const origins = (config.Origins ?? []) as Raw[];
  const mapped = wiring.signIn;
  const behaviours: Behaviour[] = ((config.CacheBehaviors ?? []) as Raw[]).map((raw) => ({
    pattern: patternOf(String(raw.PathPattern)),
    ...behaviourOf(stack, resolver, raw, origins, mapped),
  }));
  const fallback = behaviourOf(
    stack,
    resolver,
    (config.DefaultCacheBehavior ?? {}) as Raw,
    origins,
    mapped,
  );
  return async (request, sourceIp) => {
    const url = new URL(request.url);
    const behaviour = behaviours.find(({ pattern }) => pattern.test(url.pathname)) ?? fallback;
    if (!behaviour.bucket) return api(request, sourceIp);
    let uri = url.pathname;
    for (const run of behaviour.functions) {
      const querystring = Object.fromEntries(
        [...url.searchParams].map(([name, value]) => [name, { value }]),
      );
      const result = (await run(viewerEvent({ method: request.method, uri, querystring }))) as {
        uri?: string;
        statusCode?: number;
        headers?: Record<string, { value: string }>;
      };
      if (result.statusCode) {
        const headers = Object.entries(result.headers ?? {}).map(
          ([name, { value }]): [string, string] => [name, value],
        );
        return new Response(null, { status: result.statusCode, headers });
      }
      uri = result.uri ?? uri;
    }
    const answer = objectAnswer(wiring.buckets.get(behaviour.bucket), request, uri);
    for (const { name, value, override } of behaviour.headers) {
      if (override || !answer.headers.has(name)) answer.headers.set(name, value);
    }
    return answer;
  };
}

/** The local identity that stands for the user pool (api-wiring.ts maps its authorizer to it). */
export interface LocalSignIn {
  issuer: string;
  audience: string;
}

/**
 * What names the user pool's sign-in in the templates, as the local identity's: the JWT
 * authorizers' issuer and audiences (a value that is one of them, e.g. the docs function's
 * SIGN_IN_ISSUER and SIGN_IN_CLIENT_ID), and within a text (the console's CSP) the issuer's origin
 * and each managed login domain's.
 */
export function signInMapping(
  stacks: AssemblyStack[],
  resolver: Resolver,
  local: LocalSignIn,
): (value: string) => string {
  const exact = new Map<string, string>();
  const origins = new Set<string>();
  for (const stack of stacks) {
    for (const [, authorizer] of ofType(stack, 'AWS::ApiGatewayV2::Authorizer')) {
      const jwt = resolver.resolve(stack, authorizer.Properties?.JwtConfiguration ?? {}) as {
        Issuer?: string;
        Audience?: string[];
      };
      if (!jwt.Issuer) continue;
      exact.set(jwt.Issuer, local.issuer);
      origins.add(new URL(jwt.Issuer).origin);
      for (const audience of jwt.Audience ?? []) exact.set(audience, local.audience);
    }
    for (const [id] of ofType(stack, 'AWS::Cognito::UserPoolDomain')) {
      origins.add(
        `https://${resolver.string(stack, { Ref: id })}.auth.${stack.region}.amazoncognito.com`,
      );
    }
  }
  const localOrigin = new URL(local.issuer).origin;
  return (value) => {
    const whole = exact.get(value);
    if (whole !== undefined) return whole;
    let text = value;
    for (const origin of origins) text = text.replaceAll(origin, localOrigin);
    if (text === value) return value;
    // One origin named twice in a directive (the issuer's and the login's were two) once.
    return text
      .split('; ')
      .map((directive) => [...new Set(directive.split(' '))].join(' '))
      .join('; ');
  };
}
