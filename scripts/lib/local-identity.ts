/**
 * The local identity provider that stands for Cognito: `npm run -s token` signs with the local
 * key (local-secrets.ts) and names this issuer and audience; `npm run stack:local` maps the
 * template's JWT authorizer (the user pool's issuer, its app client as audience) to them.
 */
export const LOCAL_IDENTITY = {
  issuer: 'http://identity.localhost/local-organizers',
  audience: 'local-organizer-client',
} as const;
