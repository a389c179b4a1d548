import * as z from 'zod/mini';

/**
 * Where organizers and reviewers sign in: the OpenID Connect issuer (the series' user pool in
 * AWS, the local provider of `npm start`), the public client the console and `npm run login` use
 * and the scopes to ask for. Nothing here is secret: the client has none (PKCE instead).
 */
export interface SignInConfig {
  issuer: string;
  clientId: string;
  scopes: readonly string[];
}

/** The answer's shape, for the route's documentation only. */
export const signInConfigSchema = z.object({
  issuer: z.string().register(z.globalRegistry, {
    description: 'OpenID Connect issuer (discovery at <issuer>/.well-known/openid-configuration)',
  }),
  clientId: z.string().register(z.globalRegistry, {
    description: 'The public client: authorization code flow with PKCE (S256), no secret',
  }),
  scopes: z.array(z.string()).register(z.globalRegistry, {
    description: 'The scopes to request',
  }),
});

/** The sign-in of a Lambda function's environment (set by the series stack), if it has one. */
export function signInFromEnvironment(environment: NodeJS.ProcessEnv): SignInConfig | undefined {
  const {
    SIGN_IN_ISSUER: issuer,
    SIGN_IN_CLIENT_ID: clientId,
    SIGN_IN_SCOPES: scopes,
  } = environment;
  if (!issuer || !clientId) return undefined;
  return {
    issuer,
    clientId,
    scopes: (scopes ?? 'openid email profile').split(' ').filter(Boolean),
  };
}
