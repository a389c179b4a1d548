import { sign } from 'hono/jwt';
import { ORGANIZERS_GROUP } from '#functions/contract.ts';
import { parseCommandLine } from './lib/cli.ts';
import { LOCAL_IDENTITY } from './lib/local-identity.ts';
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
      audience: { type: 'string', default: LOCAL_IDENTITY.audience },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: npm run -s token [-- --groups organizers,other] [-- --subject NAME] [-- --hours 12]
                       [-- --audience CLIENT]

Prints a bearer token for the /admin routes of the local server (npm start) and of the
synthesized stacks run locally (npm run stack:local, whose authorizer checks the issuer and
audience as API Gateway does: another --audience is refused there).`,
);

const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) {
  console.error(`--hours must be a positive number, not "${values.hours}".`);
  process.exit(2);
}
const now = Math.floor(Date.now() / 1000);
const token = await sign(
  {
    sub: values.subject,
    'cognito:groups': values.groups.split(',').filter((group) => group !== ''),
    iss: LOCAL_IDENTITY.issuer,
    aud: values.audience,
    iat: now,
    exp: now + Math.round(hours * 3600),
  },
  localSecrets().jwtSecret,
  'HS256',
);
console.log(token);
