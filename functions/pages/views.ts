import { type LiveSlotView, type NowAndNext, nowAndNext } from '#shared/agenda/now.ts';
import { editionCallState } from '#shared/cfp/call-view.ts';
import { isWebUrl, type Material } from '#shared/edition/materials.ts';
import type { PublicLocation } from '#shared/edition/online.ts';
import type { PublishedEdition, Slot } from '#shared/edition/published.ts';
import type { PublicRegistrationState } from '#shared/registration/rules.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { formKeyOf, registrationForm } from './registration-form.ts';

/**
 * The public pages, rendered on the server so that the agenda reads without JavaScript; a small
 * inline script (no framework, nothing downloaded) adds local times, the registration form and
 * the manage page.
 */

const clock = (iso: string) => iso.slice(11, 16);

/** "2020-06-16" -> "Tuesday, 16 June 2020" (a calendar date: no time zone shifts it). */
const longDate = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** Where, in words; the join URL is never on a page (confirmed registrants get it on theirs). */
function where(location: PublicLocation): string {
  const place = [location.venue, location.room].filter(Boolean).join(', ');
  const online = location.stream?.room ? `online (${location.stream.room})` : 'online';
  if (location.mode === 'in-person') return place;
  if (location.mode === 'online') return online.replace(/^o/, 'O');
  return `${place} and ${online}`;
}

/** The zone switcher: the venue's zone and the file's display zones; the script adds the reader's. */
function zoneSwitcher(zones: { timeZone: string; label: string }[]) {
  return html`<p class="zones" id="zone-switcher" hidden><label for="zone">Show times in</label> <select id="zone">${zones.map(
    (zone, index) =>
      html`<option value="${zone.timeZone}">${zone.label} (${zone.timeZone})${index === 0 ? ' · venue' : ''}</option>`,
  )}</select></p>`;
}

function timeRange(slot: { start: string; end: string }, timezone: string) {
  return html`<time datetime="${slot.start}" data-local>${clock(slot.start)}</time>&ndash;<time datetime="${slot.end}" data-local>${clock(slot.end)}</time><span class="visually-hidden"> ${timezone}</span>`;
}

/** Links to slides, recordings …; only http and https ones, as the edition file and API accept. */
function materialLinks(materials: Material[] | undefined) {
  const links = (materials ?? []).filter((material) => isWebUrl(material.url));
  if (links.length === 0) return '';
  return html`<span class="materials">${links.map(
    (material, index) =>
      html`${index > 0 ? ' · ' : ''}<a href="${material.url}" rel="noopener" data-kind="${material.kind}">${material.title}</a>`,
  )}</span>`;
}

/** A slot's times; once a live delay moves it, the planned ones struck through before the live. */
function slotTimes(slot: Slot, timezone: string) {
  if (slot.liveStart === undefined || slot.liveEnd === undefined) return timeRange(slot, timezone);
  return html`<s class="planned">${timeRange(slot, timezone)}</s> <span class="live">${timeRange({ start: slot.liveStart, end: slot.liveEnd }, timezone)}</span>`;
}

function slotRow(slot: Slot, timezone: string, speakers: Map<string, string>) {
  const names = slot.speakerIds.map((id) => speakers.get(id) ?? id);
  return html`<li class="slot ${slot.kind}" id="${slot.id}">
  <span class="when">${slotTimes(slot, timezone)}</span>
  <span class="what"><span class="kind">${slot.kind}</span> ${slot.title}${names.length ? html` <span class="speakers">&mdash; ${names.join(', ')}</span>` : ''}${slot.materials?.length ? html` ${materialLinks(slot.materials)}` : ''}</span>
</li>`;
}

/** `now` is the injected clock's time, so that the page says what the API would answer. */
export function editionPage(
  edition: PublishedEdition,
  registration: PublicRegistrationState | null,
  now: Date,
  /** On `/`: the other editions of the series, after the featured one. */
  series: SafeHtml | '' = '',
): string {
  const { details } = edition;
  const speakers = new Map(edition.speakers.map((speaker) => [speaker.id, speaker.name]));
  const segments = new Map(details.segments.map((segment) => [segment.id, segment]));
  const slotsBySession = new Map<string, Slot[]>();
  for (const slot of edition.slots) {
    if (slot.sessionId)
      slotsBySession.set(slot.sessionId, [...(slotsBySession.get(slot.sessionId) ?? []), slot]);
  }
  const blocksOf = (slots: Slot[]) =>
    slots
      .filter((slot) => !slot.sessionId || slotsBySession.get(slot.sessionId)?.[0] === slot)
      .map((slot) => {
        if (!slot.sessionId) {
          const when =
            slot.kind === 'end'
              ? html`<time datetime="${slot.start}" data-local>${clock(slot.start)}</time>`
              : slotTimes(slot, details.timezone);
          return html`<li class="block ${slot.kind}" id="${slot.id}"><h3>${when} ${slot.title}</h3></li>`;
        }
        const session = edition.sessions.find((candidate) => candidate.id === slot.sessionId);
        if (!session) return '';
        const segment = session.segmentId ? segments.get(session.segmentId) : undefined;
        return html`<li class="block session" id="session-${session.id}">
  <h3>${timeRange(session, details.timezone)} ${session.title}</h3>
  ${session.materials?.length ? html`<p>${materialLinks(session.materials)}</p>` : ''}
  ${session.location ? html`<p class="where">${where(session.location)}</p>` : ''}
  ${segment ? html`<p class="segment">${segment.description}</p>` : ''}
  <ol class="slots">${(slotsBySession.get(session.id) ?? []).map((item) => slotRow(item, details.timezone, speakers))}</ol>
</li>`;
      });

  const form = registration
    ? html`<section aria-labelledby="register-heading" class="register">
  <h2 id="register-heading">Register</h2>
  <p id="seats" aria-live="polite">${
    registration.seatsLeft > 0
      ? `${registration.seatsLeft} of ${registration.capacity} seats left.`
      : `All ${registration.capacity} seats are taken; ${registration.waitlistLength} on the waiting list. Registering puts you on it.`
  }</p>
  ${
    registration.open
      ? html`${registrationForm({
          year: details.year,
          audiences: registration.audiences,
          formKey: formKeyOf(details.year, registration),
        })}
  <div id="registration-result" role="status" aria-live="polite" hidden></div>`
      : html`<p>Registration is ${Date.parse(registration.opensAt) > now.getTime() ? `not open yet (opens ${registration.opensAt})` : 'closed'}.</p>`
  }
</section>`
    : '';

  // One day: one list, its date in the header. Several: a heading and a list per day.
  const agenda =
    details.days.length < 2
      ? html`<ol class="agenda">${blocksOf(edition.slots)}</ol>`
      : details.days.map(
          (day) =>
            html`<h3 class="day" id="day-${day.date}"><time datetime="${day.date}">${longDate(day.date)}</time></h3>
    <ol class="agenda">${blocksOf(edition.slots.filter((slot) => slot.day === day.date))}</ol>`,
        );
  const lastDate = details.days.at(-1)?.date ?? details.date;
  const dates =
    lastDate === details.date
      ? html`<time datetime="${details.date}">${details.date}</time>`
      : html`<time datetime="${details.date}">${details.date}</time>&ndash;<time datetime="${lastDate}">${lastDate}</time>`;
  return layout(
    `${details.shortTitle}: ${details.title}`,
    html`<header>
  <p class="eyebrow">${where(details.location)} &middot; ${dates} &middot; times in <span id="zone-name">${details.timezone}</span></p>
  <h1>${details.title}</h1>
  <p>${details.abstract.split('\n\n')[0] ?? ''}</p>
  ${details.location.mode === 'in-person' ? '' : html`<p class="muted">Confirmed registrants find the link to join online on their manage page.</p>`}
  ${zoneSwitcher(details.displayTimeZones)}
  <p class="muted" id="local-note" hidden></p>
  ${callLink(details, now)}
  ${lateBanner(runningLate(edition, now))}
</header>
<main id="main">
  <section aria-labelledby="agenda-heading">
    <h2 id="agenda-heading">Agenda</h2>
    ${agenda}
    <p><a href="/editions/${details.year}/agenda.ics">Add to calendar (iCal)</a> &middot; <a href="/editions/${details.year}/schedule.json">schedule.json</a> &middot; <a href="/docs">API</a></p>
  </section>
  ${form}
  ${series}
</main>`,
    { page: 'edition', year: details.year, timezone: details.timezone },
  );
}

/** While the call for papers and talks is open, the way to it. */
function callLink(details: PublishedEdition['details'], now: Date) {
  if (!details.cfp || editionCallState(details, now) !== 'open') return '';
  // The last day as the edition file writes it: a date closes at its end.
  const lastDay = details.cfp.closes.slice(0, 10);
  return html`<p class="cfp-link" id="cfp-link"><a href="/${details.year}/cfp">Call for papers and talks: submit a talk or paper</a> <span class="muted">(open until <time datetime="${lastDay}">${longDate(lastDay)}</time>)</span></p>`;
}

/** A problem, for people: the same status and headers as the API's problem, in a page. */
export function errorPage(problem: { title: string; detail: string; status: number }): string {
  const retry =
    problem.status === 503
      ? html`<p>The workshop's data is out of reach for a moment. Reload this page shortly.</p>`
      : '';
  return layout(
    problem.title,
    html`<header><h1>${problem.title}</h1></header>
<main id="main">
  <p>${problem.detail}</p>
  ${retry}
  <p><a href="/">The workshop's page</a> &middot; <a href="/docs">API</a></p>
</main>`,
    { page: 'error', status: problem.status },
  );
}

export function managePage(year: number, title: string): string {
  return layout(
    `Your registration · ${title}`,
    html`<header><p class="eyebrow"><a href="/${year}">${title}</a></p><h1>Your registration</h1></header>
<main id="main">
  <div id="manage" aria-live="polite"><noscript><form method="post" action="/${String(year)}/manage" id="manage-link-form">
    <p>Your browser runs no scripts, so this page cannot read your manage link by itself. Paste the whole link from your email, and it is sent to us in the form, not in an address.</p>
    <div class="field"><label for="manage-link">Manage link</label><input id="manage-link" name="link" autocomplete="off" spellcheck="false" required></div>
    <button type="submit">Show my registration</button>
  </form></noscript></div>
  <button type="button" id="cancel-button" hidden>Cancel my registration</button>
  <p class="error" id="manage-error" role="alert"></p>
</main>`,
    { page: 'manage', year },
  );
}

/**
 * The door: an organizer checks people in by their code, typed or read by the camera (the
 * browser's own BarcodeDetector where it has one). The organizer token stays in this tab: its
 * input has no name and the form posts, so even without the script it never lands in a URL.
 */
export function doorPage(year: number, title: string): string {
  return layout(
    `Check-in · ${title}`,
    html`<header><p class="eyebrow"><a href="/${year}">${title}</a></p><h1>Check-in at the door</h1></header>
<main id="main">
  <form id="door-form" method="post" novalidate>
    <div class="field"><label for="door-token">Organizer token</label>
      <input id="door-token" type="password" autocomplete="off" required></div>
    <div class="field"><label for="door-code">Check-in code</label>
      <input id="door-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XX" required></div>
    <button type="submit">Check in</button>
    <button type="button" id="door-camera" hidden>Scan with the camera</button>
  </form>
  <video id="door-video" hidden playsinline muted></video>
  <p id="door-result" aria-live="assertive"></p>
  <p id="door-count" class="muted"></p>
</main>`,
    { page: 'door', year },
  );
}

/** How late the room runs: the running slot's delay, else the next one's. */
const lateness = ({ now, next }: NowAndNext) => now?.delayMinutes || next?.delayMinutes || 0;

/** How late the day runs at `now`, by the live delays (0 when on time). */
export const runningLate = (edition: PublishedEdition, now: Date) =>
  lateness(nowAndNext(edition, now));

function lateBanner(late: number) {
  if (late === 0) return '';
  return html`<p class="late" id="late" role="status">Running ${String(Math.abs(late))} min ${late > 0 ? 'late' : 'early'}</p>`;
}

function nowSlot(label: string, slot: LiveSlotView | null) {
  if (!slot) return '';
  const moved = slot.liveStart !== slot.start;
  return html`<section class="now-slot" id="${label.toLowerCase()}">
  <p class="eyebrow">${label}</p>
  <p class="now-time">${moved ? html`<s>${clock(slot.start)}</s> ` : ''}${clock(slot.liveStart)}&ndash;${clock(slot.liveEnd)}</p>
  <h2>${slot.title}</h2>
</section>`;
}

/** The room screen: what runs now and next, large, reloading itself (no script needed). */
export function nowPage(edition: PublishedEdition, state: NowAndNext): string {
  const { details } = edition;
  return layout(
    `Now · ${details.shortTitle}`,
    html`<main id="main" class="now-screen">
  <p class="eyebrow">${details.shortTitle}: ${details.title}</p>
  ${lateBanner(lateness(state))}
  ${nowSlot('Now', state.now)}
  ${nowSlot('Next', state.next)}
  ${state.now || state.next ? '' : html`<h2>Nothing more on the agenda</h2>`}
</main>`,
    { page: 'now', year: details.year },
    { refreshSeconds: 30 },
  );
}
