import type { Server } from 'node:http';
import { openIdVerifier } from '#functions/http/auth.ts';
import type { LocalOidc } from '../lib/local-oidc.ts';
import type { AssemblyStack } from './assembly.ts';
import { withBehaviours } from './distribution.ts';
import { distributionHandler, httpApiHandler, type Route, serveHandler } from './http-api.ts';
import { LOCAL_ACCOUNT } from './physical.ts';
import { ofType, type Wiring } from './triggers.ts';

/**
 * The template's HTTP APIs (routes, integrations, JWT authorizers, CORS) and the CloudFront
 * distributions in front of them, each on its port; the authorizer's Cognito issuer and audience
 * are mapped to the local sign-in provider's, and tokens verified through its JWKS, as API
 * Gateway verifies the user pool's (what it signs, and `npm run -s token`, pass).
 */

export interface Listener {
  kind: 'api' | 'distribution';
  stack: AssemblyStack;
  logicalId: string;
  port: number;
}

export interface Served {
  kind: 'api' | 'distribution';
  stack: string;
  logicalId: string;
  url: string;
}

export async function serveApis(
  wiring: Wiring,
  listeners: Listener[],
  options: { hostname: string; signIn: LocalOidc },
): Promise<Served[]> {
  const { resolver, functionOf, log, cleanup } = wiring;
  const { hostname, signIn } = options;
  const verify = openIdVerifier(signIn);
  const servers: Served[] = [];
  const handlers = new Map<string, ReturnType<typeof httpApiHandler>>();
  const serve = async (listener: Listener, handler: ReturnType<typeof httpApiHandler>) => {
    const server: Server = await serveHandler(handler, listener.port, hostname);
    cleanup.push(
      () =>
        new Promise<void>((resolveClose) => {
          server.closeAllConnections();
          server.close(() => resolveClose());
        }),
    );
    const host = listener.kind === 'api' ? '127.0.0.1' : 'localhost';
    servers.push({
      kind: listener.kind,
      stack: listener.stack.name,
      logicalId: listener.logicalId,
      url: `http://${host}:${listener.port}`,
    });
  };
  for (const listener of listeners.filter(({ kind }) => kind === 'api')) {
    const { stack, logicalId } = listener;
    const api = stack.template.Resources[logicalId]?.Properties ?? {};
    const ofApi = (type: string) =>
      ofType(stack, type).filter(
        ([, resource]) =>
          (resource.Properties?.ApiId as { Ref?: string } | undefined)?.Ref === logicalId,
      );
    const routes: Route[] = [];
    for (const [routeId, route] of ofApi('AWS::ApiGatewayV2::Route')) {
      const properties = route.Properties ?? {};
      const integrationId = resolver
        .string(stack, properties.Target)
        .replace(/^integrations\//, '');
      const integration = ofApi('AWS::ApiGatewayV2::Integration').find(
        ([id]) => resolver.string(stack, { Ref: id }) === integrationId,
      );
      const fn = integration && functionOf(stack, integration[1].Properties?.IntegrationUri);
      if (!fn) {
        log({ message: 'route without a local integration', stack: stack.name, route: routeId });
        continue;
      }
      let authorizer: Route['authorizer'];
      if (properties.AuthorizationType === 'JWT') {
        const authorizerId = resolver.string(stack, properties.AuthorizerId);
        const found = ofApi('AWS::ApiGatewayV2::Authorizer').find(
          ([id]) => resolver.string(stack, { Ref: id }) === authorizerId,
        );
        const jwt =
          found &&
          (resolver.resolve(stack, found[1].Properties?.JwtConfiguration) as {
            Issuer?: string;
            Audience?: string[];
          });
        if (!jwt)
          throw new Error(`${stack.name}/${routeId}: its JWT authorizer is not in the template.`);
        authorizer = { verify };
        log({
          message: 'jwt authorizer mapped',
          route: String(properties.RouteKey),
          issuer: jwt.Issuer,
          audience: jwt.Audience,
          localIssuer: signIn.issuer,
          localAudience: signIn.audience,
        });
      }
      routes.push({
        routeKey: resolver.string(stack, properties.RouteKey),
        function: fn,
        ...(authorizer ? { authorizer } : {}),
      });
    }
    const handler = httpApiHandler({
      apiId: resolver.string(stack, { Ref: logicalId }),
      account: LOCAL_ACCOUNT,
      routes,
      ...(api.CorsConfiguration
        ? { cors: resolver.resolve(stack, api.CorsConfiguration) as never }
        : {}),
      log,
    });
    handlers.set(`127.0.0.1:${listener.port}`, handler);
    await serve(listener, handler);
  }
  for (const listener of listeners.filter(({ kind }) => kind === 'distribution')) {
    const { stack, logicalId } = listener;
    const config = resolver.resolve(
      stack,
      stack.template.Resources[logicalId]?.Properties?.DistributionConfig,
    ) as {
      Origins?: {
        DomainName?: string;
        OriginCustomHeaders?: { HeaderName: string; HeaderValue: string }[];
      }[];
    };
    const origin = config.Origins?.find(({ DomainName }) => handlers.has(DomainName ?? ''));
    const api = origin && handlers.get(origin.DomainName ?? '');
    if (!origin || !api) {
      log({
        message: 'distribution without a local origin',
        stack: stack.name,
        distribution: logicalId,
      });
      continue;
    }
    const headers = Object.fromEntries(
      (origin.OriginCustomHeaders ?? []).map(({ HeaderName, HeaderValue }) => [
        HeaderName.toLowerCase(),
        HeaderValue,
      ]),
    );
    // Its other behaviours (the console's S3 origin) around the API's.
    await serve(
      listener,
      withBehaviours(wiring, stack, logicalId, distributionHandler(api, headers)),
    );
  }
  return servers;
}
