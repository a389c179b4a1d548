import { ORGANIZERS_GROUP } from '#functions/contract.ts';
import { parseCommandLine } from './lib/cli.ts';
import {
  CONSOLE_CLIENT_ID,
  localIssuer,
  localSignInPort,
  localSigningKey,
  signLocalToken,
} from './lib/local-oidc.ts';

/**
 * `npm run -s token`: prints a token of the local sign-in provider without signing in: its key
 * (.data/local-oidc-key.json), its issuer (http://localhost:SIGN_IN_PORT, 8764 by default), its
 * client as audience, `cognito:groups`. The local server and stack:local trust nothing else.
 */

const { values } = parseCommandLine(
  {
    options: {
      groups: { type: 'string', default: ORGANIZERS_GROUP },
      subject: { type: 'string', default: 'local-organizer' },
      hours: { type: 'string', default: '12' },
      audience: { type: 'string' },
      email: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: npm run -s token [-- --groups organizers,reviewers] [-- --subject NAME] [-- --hours 12]
                       [-- --audience CLIENT] [-- --email ADDRESS]

Prints a bearer token for the /admin routes of the local server (npm start) and of the
synthesized stacks run locally (npm run stack:local), signed as their sign-in provider signs:
RS256 with its key, its issuer and client id. Running or not, the provider is on SIGN_IN_PORT
(8764 by default): give the token the same SIGN_IN_PORT as the server. Another --audience is
refused (401), as API Gateway refuses it; --groups reviewers gets 403 on the organizer routes
but reaches the submissions under /admin (reviewing needs --email, Cognito's email claim).
To sign in as a person does (browser, refresh): npm run login -- --url <api>.`,
);

const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) {
  console.error(`--hours must be a positive number, not "${values.hours}".`);
  process.exit(2);
}
const port = localSignInPort();
if (!port) {
  console.error(
    `SIGN_IN_PORT must be the sign-in provider's port (1-65535), not "${process.env.SIGN_IN_PORT}".`,
  );
  process.exit(2);
}
const signer = {
  issuer: localIssuer(port),
  audience: CONSOLE_CLIENT_ID,
  signingKey: localSigningKey(),
};
console.log(
  await signLocalToken(signer, {
    subject: values.subject,
    groups: values.groups.split(',').filter((group) => group !== ''),
    ...(values.audience ? { audience: values.audience } : {}),
    ...(values.email ? { email: values.email } : {}),
    expiresIn: Math.round(hours * 3600),
  }),
);
