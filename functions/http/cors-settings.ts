/**
 * What browsers may send and read across origins: one list for the local server (Hono's cors)
 * and for API Gateway (infra/constructs/edition-api.ts). Dependency-free, so that `cdk synth`
 * loads no runtime code for it. PUT and PATCH with If-Match are the organizer API's edits.
 */
export const CORS_SETTINGS = {
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['content-type', 'authorization', 'idempotency-key', 'if-match', 'if-none-match'],
  exposeHeaders: ['etag', 'retry-after', 'location'],
  maxAge: 86_400,
} as const;
