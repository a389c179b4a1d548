import { existsSync, readFileSync } from 'node:fs';
import { sign } from 'hono/jwt';
import { ORGANIZERS_GROUP } from '#functions/contract.ts';
import { parseCommandLine } from './lib/cli.ts';
import { LOCAL_IDENTITY } from './lib/local-identity.ts';
import { CONSOLE_CLIENT_ID, localSigningKey, RUNNING_OIDC_PATH } from './lib/local-oidc.ts';
import { localSecrets } from './lib/local-secrets.ts';

/**
 * `npm run -s token`: prints an organizer JWT for the local server, signed with the local key
 * (.data/local-secrets.json), shaped like a Cognito token (`cognito:groups`).
 */

const { values } = parseCommandLine(
  {
    options: {
      groups: { type: 'string', default: ORGANIZERS_GROUP },
      subject: { type: 'string', default: 'local-organizer' },
      hours: { type: 'string', default: '12' },
      audience: { type: 'string' },
      provider: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: npm run -s token [-- --groups organizers,other] [-- --subject NAME] [-- --hours 12]
                       [-- --audience CLIENT] [-- --provider]

Prints a bearer token for the /admin routes of the local server (npm start) and of the
synthesized stacks run locally (npm run stack:local, whose authorizer checks the issuer and
audience as API Gateway does: another --audience is refused there).
  --provider   sign as the local sign-in provider of the running npm start (RS256, its key,
               issuer and client id as audience) instead of with the HS256 key`,
);

const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) {
  console.error(`--hours must be a positive number, not "${values.hours}".`);
  process.exit(2);
}
const now = Math.floor(Date.now() / 1000);
const claims = {
  sub: values.subject,
  'cognito:groups': values.groups.split(',').filter((group) => group !== ''),
  iat: now,
  exp: now + Math.round(hours * 3600),
};
if (values.provider) {
  if (!existsSync(RUNNING_OIDC_PATH)) {
    console.error(
      '--provider: no local sign-in provider is running here; start it with npm start.',
    );
    process.exit(2);
  }
  const { issuer } = JSON.parse(readFileSync(RUNNING_OIDC_PATH, 'utf8')) as { issuer: string };
  const key = localSigningKey() as Parameters<typeof sign>[1];
  const audience = values.audience ?? CONSOLE_CLIENT_ID;
  console.log(await sign({ ...claims, iss: issuer, aud: audience }, key, 'RS256'));
} else {
  const audience = values.audience ?? LOCAL_IDENTITY.audience;
  const payload = { ...claims, iss: LOCAL_IDENTITY.issuer, aud: audience };
  console.log(await sign(payload, localSecrets().jwtSecret, 'HS256'));
}
