import { useLayoutEffect, useRef } from 'preact/hooks';
import { editions } from './editions.ts';
import { Link } from './link.tsx';
import { hrefOf, type Route } from './router.ts';
import { signOut, type User } from './session.ts';
import { VIEWS } from './views/registry.ts';
import type { ConsoleView } from './views/types.ts';

/**
 * The frame around every view: a skip link, the header with the user (name and groups) and
 * Sign out, the navigation (only the views the user may open), and the view under its heading.
 * On each navigation focus moves to the heading, so keyboard and screen reader users start there.
 */

const allowed = (view: ConsoleView, user: User) =>
  view.groups.some((group) => user.groups.includes(group));

export function Shell(props: { route: Route; user: User }) {
  const { route, user } = props;
  const view = VIEWS.find((candidate) => candidate.id === route.view);
  const year = route.year ?? editions.value?.[0]?.year;
  const heading = useRef<HTMLHeadingElement>(null);
  const path = `${route.view}/${route.year ?? ''}`;
  const first = useRef(true);
  // A layout effect: focus moves in the same task as the new heading appears.
  useLayoutEffect(() => {
    // Not on the first render: a fresh page keeps the browser's own start.
    if (first.current) first.current = false;
    else heading.current?.focus();
    document.title = `${view?.title ?? 'Not found'} · Workshop console`;
  }, [path]);
  const title = view?.title ?? 'Not found';
  let body: preact.ComponentChildren;
  if (!view || (view.scope === 'edition' && route.year === undefined)) {
    body = <p>There is no such page in the console.</p>;
  } else if (!allowed(view, user)) {
    body = (
      <p role="alert">
        {view.title} is for organizers only. You are signed in as {user.name} (
        {user.groups.join(', ') || 'no group'}).
      </p>
    );
  } else {
    const View = view.component;
    body = <View year={route.year ?? 0} />;
  }
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Workshop console</span>
        <span class="who">
          {user.name} <span class="groups">({user.groups.join(', ') || 'no group'})</span>
        </span>
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <nav aria-label="Console">
        <ul>
          {VIEWS.filter((candidate) => allowed(candidate, user)).map((candidate) =>
            candidate.scope === 'console' || year !== undefined ? (
              <li key={candidate.id}>
                <Link
                  href={hrefOf(candidate.id, candidate.scope === 'edition' ? year : undefined)}
                  current={candidate.id === route.view}
                >
                  {candidate.title}
                  {candidate.scope === 'edition' && year !== undefined ? ` ${year}` : ''}
                </Link>
              </li>
            ) : null,
          )}
        </ul>
      </nav>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>
          {title}
          {view?.scope === 'edition' && route.year !== undefined ? ` · ${route.year}` : ''}
        </h1>
        {body}
      </main>
    </>
  );
}
