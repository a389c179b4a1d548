import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalFunction } from './lambda-host.ts';

/**
 * An API Gateway HTTP API (AWS::ApiGatewayV2::*), locally: its routes matched as API Gateway
 * matches them (the most specific route first, greedy `{proxy+}` last, `$default` when nothing
 * else does), the payload format 2.0 event built as API Gateway builds it, the Lambda's answer
 * mapped back, the JWT authorizer checked before the integration runs (401 as API Gateway
 * answers), CORS preflights answered from the API's CorsConfiguration. In front of it, a
 * CloudFront distribution may add its origin's custom headers.
 */

interface JwtAuthorizer {
  /**
   * Verified claims of a token, or undefined: the local sign-in provider's JWKS, issuer and
   * client, which the template's Cognito issuer and audience map to (api-wiring.ts).
   */
  verify(token: string): Promise<Record<string, unknown> | undefined>;
}

export interface Route {
  routeKey: string;
  function: LocalFunction;
  authorizer?: JwtAuthorizer;
}

interface Cors {
  AllowOrigins?: string[];
  AllowMethods?: string[];
  AllowHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
  AllowCredentials?: boolean;
}

export interface HttpApiSettings {
  apiId: string;
  account: string;
  routes: Route[];
  cors?: Cors;
  log(entry: Record<string, unknown>): void;
}

type Handler = (request: Request, sourceIp: string) => Promise<Response>;

const TEXT_TYPES =
  /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded))/i;

function matchRoute(routes: Route[], method: string, path: string) {
  const segments = path.split('/').slice(1);
  let best: { route: Route; score: number[]; parameters: Record<string, string> } | undefined;
  for (const route of routes) {
    if (route.routeKey === '$default') continue;
    const [routeMethod = '', template = ''] = route.routeKey.split(' ');
    if (routeMethod !== 'ANY' && routeMethod !== method) continue;
    const parts = template.split('/').slice(1);
    const parameters: Record<string, string> = {};
    let literals = 0;
    let matched = true;
    let greedy = false;
    for (let index = 0; index < parts.length && matched; index += 1) {
      const part = parts[index] ?? '';
      const greedyMatch = /^\{(\w+)\+\}$/.exec(part);
      if (greedyMatch && index === parts.length - 1) {
        const rest = segments.slice(index);
        if (rest.length === 0 || rest.join('/') === '') matched = false;
        else parameters[greedyMatch[1] ?? 'proxy'] = decodeURIComponent(rest.join('/'));
        greedy = true;
        break;
      }
      const segment = segments[index];
      if (segment === undefined) matched = false;
      else if (/^\{\w+\}$/.test(part)) parameters[part.slice(1, -1)] = decodeURIComponent(segment);
      else if (part === segment) literals += 1;
      else matched = false;
    }
    if (!greedy && segments.length !== parts.length) matched = false;
    if (!matched) continue;
    // Exact paths before parameters before greedy paths; a method before ANY.
    const score = [greedy ? 0 : 1, literals, parts.length, routeMethod === 'ANY' ? 0 : 1];
    const better =
      !best ||
      score.some((value, index) => {
        const earlier = score.slice(0, index).every((same, at) => same === best?.score[at]);
        return earlier && value > (best?.score[index] ?? 0);
      });
    if (better) best = { route, score, parameters };
  }
  if (best) return best;
  const fallback = routes.find((route) => route.routeKey === '$default');
  return fallback ? { route: fallback, parameters: undefined } : undefined;
}

/** Claims as API Gateway hands them to the integration: strings, lists flattened as "[a b]". */
function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}

async function authorize(authorizer: JwtAuthorizer, header: string | null) {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? header ?? '';
  return token ? authorizer.verify(token) : undefined;
}

function corsHeaders(cors: Cors | undefined, origin: string | null): Record<string, string> {
  if (!cors || !origin) return {};
  const allowed = cors.AllowOrigins ?? [];
  if (!allowed.includes('*') && !allowed.includes(origin)) return {};
  return {
    'access-control-allow-origin': allowed.includes('*') && !cors.AllowCredentials ? '*' : origin,
    ...(cors.ExposeHeaders?.length
      ? { 'access-control-expose-headers': cors.ExposeHeaders.join(',') }
      : {}),
    ...(cors.AllowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    vary: 'origin',
  };
}

const answer = (status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ message }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

export function httpApiHandler(settings: HttpApiSettings): Handler {
  return async (request, sourceIp) => {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const origin = request.headers.get('origin');
    const cors = corsHeaders(settings.cors, origin);
    if (
      settings.cors &&
      method === 'OPTIONS' &&
      origin &&
      request.headers.get('access-control-request-method')
    ) {
      const preflight = settings.cors;
      return new Response(null, {
        status: 204,
        headers: Object.keys(cors).length
          ? {
              ...cors,
              'access-control-allow-methods': (preflight.AllowMethods ?? []).join(','),
              'access-control-allow-headers': (preflight.AllowHeaders ?? []).join(','),
              ...(preflight.MaxAge !== undefined
                ? { 'access-control-max-age': String(preflight.MaxAge) }
                : {}),
            }
          : {},
      });
    }
    const matched = matchRoute(settings.routes, method, url.pathname);
    if (!matched) return answer(404, 'Not Found', cors);
    const { route, parameters } = matched;
    let claims: Record<string, unknown> | undefined;
    if (route.authorizer) {
      claims = await authorize(route.authorizer, request.headers.get('authorization'));
      if (!claims) return answer(401, 'Unauthorized', { ...cors, 'www-authenticate': 'Bearer' });
    }
    const headers: Record<string, string> = {};
    const cookies: string[] = [];
    request.headers.forEach((value, name) => {
      if (name === 'cookie') cookies.push(...value.split(/;\s*/).filter(Boolean));
      else headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    });
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams)
      query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
    const raw = Buffer.from(await request.arrayBuffer());
    const isText = TEXT_TYPES.test(request.headers.get('content-type') ?? 'text/plain');
    const now = new Date();
    const requestId = randomUUID();
    const event = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(cookies.length ? { cookies } : {}),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      requestContext: {
        accountId: settings.account,
        apiId: settings.apiId,
        ...(claims ? { authorizer: { jwt: { claims: flattenClaims(claims), scopes: null } } } : {}),
        domainName: url.host,
        domainPrefix: url.hostname.split('.')[0],
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp,
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: route.routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(parameters && Object.keys(parameters).length ? { pathParameters: parameters } : {}),
      ...(raw.length ? { body: isText ? raw.toString('utf8') : raw.toString('base64') } : {}),
      isBase64Encoded: raw.length > 0 && !isText,
    };
    const outcome = await route.function.invoke(event);
    if (!outcome.ok) return answer(500, 'Internal Server Error', cors);
    const result = outcome.result;
    if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
      return new Response(typeof result === 'string' ? result : JSON.stringify(result), {
        status: 200,
        headers: { 'content-type': 'application/json', ...cors },
      });
    }
    const structured = result as {
      statusCode: number;
      headers?: Record<string, string>;
      cookies?: string[];
      body?: string;
      isBase64Encoded?: boolean;
    };
    const out = new Headers(structured.headers ?? {});
    for (const cookie of structured.cookies ?? []) out.append('set-cookie', cookie);
    for (const [name, value] of Object.entries(cors)) if (!out.has(name)) out.set(name, value);
    const body =
      structured.body === undefined
        ? null
        : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
    const bodiless = [204, 304].includes(structured.statusCode) || method === 'HEAD';
    return new Response(bodiless ? null : body, { status: structured.statusCode, headers: out });
  };
}

/** A CloudFront distribution in front of `origin`: it adds the origin's custom headers. */
export function distributionHandler(
  origin: Handler,
  customHeaders: Record<string, string>,
): Handler {
  return (request, sourceIp) => {
    const headers = new Headers(request.headers);
    // A viewer's own header of the same name is overwritten, as CloudFront does.
    for (const [name, value] of Object.entries(customHeaders)) headers.set(name, value);
    const hasBody = !['GET', 'HEAD'].includes(request.method);
    return origin(
      new Request(request.url, {
        method: request.method,
        headers,
        ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
      } as RequestInit),
      sourceIp,
    );
  };
}

/** Serves `handler` on `port` (Node's http server, the fetch API inside). */
export async function serveHandler(
  handler: Handler,
  port: number,
  hostname: string,
): Promise<Server> {
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      try {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const item of [value ?? []].flat()) headers.append(name, item);
        }
        const hasBody = !['GET', 'HEAD'].includes(incoming.method ?? 'GET');
        const request = new Request(
          `http://${incoming.headers.host ?? `${hostname}:${port}`}${incoming.url ?? '/'}`,
          {
            method: incoming.method ?? 'GET',
            headers,
            ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
          },
        );
        const response = await handler(
          request,
          incoming.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        );
        const out: Record<string, string | string[]> = {};
        response.headers.forEach((value, name) => {
          if (name !== 'set-cookie') out[name] = value;
        });
        const setCookies = response.headers.getSetCookie();
        if (setCookies.length) out['set-cookie'] = setCookies;
        outgoing.writeHead(response.status, out);
        outgoing.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        outgoing.writeHead(500, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ message: 'Internal Server Error' }));
        console.error(error);
      }
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolveListen());
  });
  return server;
}
