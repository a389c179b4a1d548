import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** An HTTP API (payload 2.0) event as API Gateway sends it to a function. */
export function httpApiEvent(
  method: string,
  rawPath: string,
  options: { rawQueryString?: string; body?: string; claims?: Record<string, unknown> } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: options.rawQueryString ?? '',
    headers: { host: 'api.example', 'content-type': 'application/json' },
    isBase64Encoded: false,
    ...(options.body === undefined ? {} : { body: options.body }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'test',
      },
      requestId: 'request',
      routeKey: '$default',
      stage: '$default',
      time: '01/May/2030:12:00:00 +0000',
      timeEpoch: 1_904_205_600_000,
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: [] } } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
  };
}
