import { parseCommandLine } from './lib/cli.ts';
import { LoginError, login, openBrowser } from './lib/login.ts';
import { defaultApiUrl } from './lib/release.ts';

/**
 * `npm run login -- --url <api>`: signs an organizer in through the browser (authorization code
 * with PKCE, loopback redirect) and keeps the tokens for the CLIs (lib/login.ts).
 */

const { values } = parseCommandLine(
  {
    options: {
      url: { type: 'string', default: defaultApiUrl() },
      'no-browser': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: npm run login [-- --url URL] [-- --no-browser]

Signs you in where the API at URL says (GET URL/auth/config: the series' user pool in AWS, the
local sign-in provider under npm start), in the browser, and keeps the tokens in
.data/login/<host>.json (mode 0600) for npm run edition -- release; they are refreshed when
they expire. The browser comes back to http://localhost:8765/callback: that port must be free.
  --url URL      the API (default: API_URL, else http://localhost:PORT, 3000)
  --no-browser   only print the sign-in URL (open it in a browser on this machine)`,
);

if (!URL.canParse(values.url) || !/^https?:$/.test(new URL(values.url).protocol)) {
  console.error(`--url must be the API's URL, e.g. https://api.example.org, not "${values.url}".`);
  process.exit(2);
}

try {
  const { path } = await login({
    apiUrl: values.url,
    open: (url) => {
      console.log(`Sign in here (opening your browser):\n\n  ${url}\n`);
      if (!values['no-browser']) openBrowser(url);
    },
  });
  console.log(
    `Signed in. The tokens are in ${path} (mode 0600); npm run edition -- release --url ${new URL(values.url).origin} uses them.`,
  );
} catch (error) {
  if (error instanceof LoginError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
