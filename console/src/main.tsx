import './console.css';
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { loadEditions } from './editions.ts';
import { currentPath, navigate, parseRoute } from './router.ts';
import { completeSignIn, signedIn, signIn, signInError, user } from './session.ts';
import { Shell } from './shell.tsx';

/** The console's entry (console/README.md): sign-in first, then the shell and the routed view. */

function Callback() {
  useEffect(() => {
    completeSignIn()
      .then((returnTo) => navigate(returnTo, { replace: true }))
      .catch((error: unknown) => {
        signInError.value = error instanceof Error ? error.message : 'The sign-in failed.';
        navigate('/console/', { replace: true });
      });
  }, []);
  return (
    <main id="main">
      <h1>Signing in…</h1>
    </main>
  );
}

function SignIn() {
  const failure = signInError.value;
  return (
    <main id="main" class="sign-in">
      <h1>Workshop console</h1>
      <p>Organizers run the workshop from here. Sign in with your organizer account.</p>
      {failure ? <p role="alert">{failure}</p> : null}
      <button
        type="button"
        onClick={() =>
          signIn(location.pathname).catch((error: unknown) => {
            signInError.value =
              error instanceof Error ? error.message : 'The sign-in could not start.';
          })
        }
      >
        Sign in
      </button>
    </main>
  );
}

function App() {
  const route = parseRoute(currentPath.value);
  const current = user.value;
  useEffect(() => {
    if (signedIn.value) loadEditions().catch(() => undefined);
  }, [signedIn.value]);
  if (route.view === 'callback') return <Callback />;
  if (!signedIn.value || !current) return <SignIn />;
  return <Shell route={route} user={current} />;
}

const root = document.getElementById('console');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
