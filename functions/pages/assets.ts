/** The pages' only style and script: inline, no framework, nothing fetched but this API. */

export const PAGE_STYLE = `
:root { color-scheme: light dark; --accent: #0b5cad; --muted: #5d6670; --error: #b42318; }
body { font: 17px/1.55 system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 1rem 1.25rem 3rem; }
a { color: var(--accent); } .muted, .eyebrow, .segment { color: var(--muted); }
.skip { position: absolute; left: -10rem; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .25rem .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
ol.agenda, ol.slots { list-style: none; padding: 0; margin: 0; }
h3.day { margin: 1.5rem 0 0.5rem; }
.block { border-left: 4px solid var(--accent); padding: .25rem 0 .25rem .75rem; margin: 1rem 0; }
.block.break { border-color: #9aa4ae; } .block h3 { margin: 0; font-size: 1.05rem; }
.slot { display: flex; gap: .75rem; padding: .15rem 0; } .when { min-width: 7.5rem; font-variant-numeric: tabular-nums; }
.materials { font-size: .9rem; } .materials a { white-space: nowrap; }
.kind { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin-right: .25rem; }
section.series { margin-top: 2.5rem; border-top: 1px solid #d0d7de; padding-top: 1rem; }
ol.series { list-style: none; padding: 0; } ol.series li { margin: .5rem 0; } ol.series .muted { display: block; font-size: .9rem; }
.register { margin-top: 2.5rem; border-top: 1px solid #d0d7de; padding-top: 1rem; }
.field { margin: .75rem 0; } .field label { display: block; font-weight: 600; }
.field.checkbox { display: grid; grid-template-columns: auto 1fr; gap: .5rem; align-items: start; }
.field.checkbox label { font-weight: 400; } .field.checkbox .error { grid-column: 2; }
input:not([type=checkbox]):not([type=radio]), select { font: inherit; width: 100%; max-width: 28rem; padding: .35rem; box-sizing: border-box; }
textarea { font: inherit; width: 100%; max-width: 40rem; padding: .35rem; box-sizing: border-box; }
input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true] { border: 2px solid var(--error); }
fieldset { border: 1px solid #d0d7de; border-radius: 6px; margin: 1rem 0; padding: .25rem 1rem .5rem; min-width: 0; }
fieldset.choices { border: 0; padding: 0; } legend { font-weight: 600; padding: 0 .25rem; }
.choice { display: flex; gap: .5rem; align-items: center; margin: .25rem 0; } .hint { margin: .2rem 0 0; font-size: .9rem; }
dl.kinds dt { font-weight: 600; margin-top: .5rem; } dl.kinds dd { margin-left: 0; }
button { font: inherit; padding: .45rem 1.1rem; background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.zones select { width: auto; display: inline; } .where { margin: 0; color: var(--muted); }
.error { color: var(--error); margin: .2rem 0 0; min-height: 0; } .error:empty { display: none; }
#registration-result, #manage, #submission-result { background: #eef6ee; color: #123; padding: .75rem 1rem; border-radius: 6px; }
body:has(.now-screen) { max-width: none; font-size: clamp(20px, 3.2vw, 56px); }
body:has(.now-screen) .skip:not(:focus) { left: -100vw; }
.now-slot h2 { font-size: 2em; margin: 0 0 .5em; line-height: 1.15; } .now-time { font-size: 1.3em; margin: 0; font-variant-numeric: tabular-nums; }
.planned { color: var(--muted); }
.error-summary { border: 2px solid var(--error); padding: .25rem 1rem; margin: .75rem 0; }
.inline-form { display: inline-block; margin: .5rem .5rem .5rem 0; } button.secondary { background: var(--muted); }
.check-in-qr { margin: .5rem 0; } .check-in-qr svg { width: 192px; height: 192px; background: #fff; }
.late { display: inline-block; background: #b42318; color: #fff; padding: .2em .6em; border-radius: 6px; font-weight: 700; }
`;

/**
 * Local times, the registration form and the manage page. The manage link is in the fragment, so
 * opening another one in the same tab changes only the fragment: the manage page follows
 * `hashchange`, drops answers for a link no longer open, and cancels the link on screen.
 */
export const PAGE_SCRIPT = `
(() => {
  const data = JSON.parse(document.getElementById('page-data').textContent);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const text = (id, value) => { const node = document.getElementById(id); if (node) node.textContent = value; };
  for (const time of document.querySelectorAll('time[data-local]')) {
    const local = new Date(time.getAttribute('datetime')).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    time.title = local + ' your time (' + zone + ')';
  }
  const note = document.getElementById('local-note');
  if (note && data.timezone && data.timezone !== zone) {
    note.hidden = false;
    note.textContent = 'Times are in ' + data.timezone + '. Hover a time to see it in yours (' + zone + '), or choose a zone above.';
  }
  // The zone switcher: the venue's zone, the edition's display zones and the reader's own. Times
  // are re-rendered from their datetime attribute; a time on another day than at the venue says so.
  const select = document.getElementById('zone');
  if (select) {
    if (![...select.options].some((option) => option.value === zone)) {
      select.append(new Option('Your time (' + zone + ')', zone));
    }
    document.getElementById('zone-switcher').hidden = false;
    select.addEventListener('change', () => {
      const chosen = select.value;
      const format = new Intl.DateTimeFormat('en-GB', { timeZone: chosen, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: chosen, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (const time of document.querySelectorAll('time[data-local]')) {
        const iso = time.getAttribute('datetime');
        const shift = Math.round((Date.parse(day.format(new Date(iso))) - Date.parse(iso.slice(0, 10))) / 864e5);
        time.textContent = format.format(new Date(iso)) + (shift ? ' (' + (shift > 0 ? '+' : '') + shift + 'd)' : '');
      }
      for (const hidden of document.querySelectorAll('.when .visually-hidden, h3 .visually-hidden')) hidden.textContent = ' ' + chosen;
      text('zone-name', chosen);
      document.body.dataset.zone = chosen;
    });
  }
  const api = (path, options) => fetch(path, options).then(async (response) => ({ status: response.status, body: await response.json().catch(() => ({})) }));

  const form = document.getElementById('registration-form');
  if (form) {
    let lastBody = '', key = '';
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      for (const node of form.querySelectorAll('.error')) node.textContent = '';
      for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
      const value = (name) => form.elements[name].value.trim();
      const body = { name: value('name'), email: value('email'), audience: value('audience'), consent: form.elements.consent.checked };
      if (value('affiliation')) body.affiliation = value('affiliation');
      const json = JSON.stringify(body);
      if (json !== lastBody) { lastBody = json; key = crypto.randomUUID(); }
      const button = form.querySelector('button');
      button.disabled = true;
      try {
        const { status, body: answer } = await api('/editions/' + data.year + '/registrations', {
          method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: json,
        });
        if (status === 201) {
          form.hidden = true;
          const result = document.getElementById('registration-result');
          result.hidden = false;
          result.replaceChildren();
          const line = document.createElement('p');
          line.textContent = answer.status === 'confirmed'
            ? 'You are registered: your seat is confirmed.'
            : 'You are on the waiting list, at position ' + answer.waitlistPosition + '. We give you a seat as soon as one is free.';
          const link = document.createElement('a');
          link.href = answer.manageUrl;
          link.textContent = 'Manage your registration';
          const keep = document.createElement('p');
          keep.append('Keep this link: ', link, '. It is the only way to see or cancel your registration.');
          result.append(line, keep);
          link.focus();
          return;
        }
        let first;
        for (const error of answer.errors || []) {
          text(error.name + '-error', error.detail);
          const field = form.elements[error.name];
          if (field) { field.setAttribute('aria-invalid', 'true'); first = first || field; }
        }
        if (first) first.focus(); else text('form-error', answer.detail || 'Something went wrong. Please try again.');
      } catch {
        text('form-error', 'The network failed. Please try again: your registration will not be made twice.');
      } finally {
        button.disabled = false;
      }
    });
  }

  if (data.page === 'door') {
    const door = document.getElementById('door-form');
    const token = document.getElementById('door-token');
    const code = document.getElementById('door-code');
    token.value = sessionStorage.getItem('organizer-token') || '';
    const admin = (path, options = {}) => api('/admin/editions/' + data.year + path, {
      ...options,
      headers: { authorization: 'Bearer ' + token.value.trim(), 'content-type': 'application/json' },
    });
    const count = async () => {
      const { status, body } = await admin('/attendance');
      if (status === 200) text('door-count', body.checkedIn + ' of ' + body.confirmed + ' confirmed checked in');
    };
    // One id per scan; a scan that got no answer keeps its id, so sending the same code again is its retry.
    let unanswered = null;
    const checkIn = async (value) => {
      sessionStorage.setItem('organizer-token', token.value.trim());
      const scanId = unanswered && unanswered.code === value ? unanswered.scanId
        : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
      const { status, body } = await admin('/check-ins', { method: 'POST', body: JSON.stringify({ code: value, scanId }) })
        .catch(() => ({ status: 0, body: { detail: 'No answer: send the code again to retry this scan.' } }));
      unanswered = status === 0 || status >= 500 ? { code: value, scanId } : null;
      const result = document.getElementById('door-result');
      result.dataset.status = String(status);
      if (status === 201 || status === 200) {
        // Whom the door admitted, and when in the edition's zone (not the device's).
        const who = document.createElement('strong');
        who.id = 'door-name';
        who.textContent = body.name || 'Registration ' + body.registrationId;
        result.replaceChildren(who, status === 201 ? ' · confirmed · checked in now. Welcome!'
          : ' · confirmed · already checked in at ' + body.localTime + ' (' + body.timeZone + ').');
      } else {
        result.textContent = body.type === '/problems/check-in-closed' ? body.detail
          : status === 409 ? 'On the waiting list: no seat yet.'
          : status === 404 ? 'No confirmed registration has this code.'
          : body.detail || 'Something went wrong (' + status + ').';
      }
      if (status < 300) { code.value = ''; count(); }
      code.focus();
    };
    door.addEventListener('submit', (event) => { event.preventDefault(); if (code.value.trim()) checkIn(code.value.trim()); });
    // The browser's own QR reader, where it has one; typing the code always works.
    if ('BarcodeDetector' in window && navigator.mediaDevices) {
      const button = document.getElementById('door-camera');
      button.hidden = false;
      button.addEventListener('click', async () => {
        const video = document.getElementById('door-video');
        video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        video.hidden = false;
        await video.play();
        const detector = new BarcodeDetector({ formats: ['qr_code'] });
        let last = '';
        const scan = async () => {
          const [found] = await detector.detect(video).catch(() => []);
          if (found && found.rawValue !== last) { last = found.rawValue; await checkIn(found.rawValue); }
          requestAnimationFrame(scan);
        };
        scan();
      });
    }
    if (token.value) count();
  }

  // The speakers' page: the private link's id and token, from the fragment, posted in its form
  // (never in an address); the fragment is dropped first, so that going back does not post again.
  if (data.page === 'submission') {
    const params = new URLSearchParams(location.hash.slice(1));
    const form = document.getElementById('submission-link-form');
    if (form && params.get('id') && params.get('token')) {
      form.elements.id.value = params.get('id');
      form.elements.token.value = params.get('token');
      history.replaceState(null, '', location.pathname);
      form.submit();
    }
  }

  if (data.page === 'manage') {
    const box = document.getElementById('manage');
    const cancel = document.getElementById('cancel-button');
    let current;
    const paragraph = (line) => { const p = document.createElement('p'); p.textContent = line; return p; };
    const show = (link, { status, body }) => {
      if (link !== current) return;
      if (status !== 200) { box.textContent = ''; text('manage-error', body.detail || 'This link does not work.'); cancel.hidden = true; return; }
      const lines = [
        body.status === 'confirmed' ? 'Your seat is confirmed.' : body.status === 'waitlisted'
          ? 'You are on the waiting list, at position ' + body.waitlistPosition + '.' : 'Your registration is cancelled. Your name and email have been deleted.',
      ];
      if (body.name) lines.push('Registered as ' + body.name + (body.email ? ' <' + body.email + '>' : '') + '.');
      box.replaceChildren(...lines.map(paragraph));
      // Only a confirmed registration carries the join URLs; they were checked as http(s) on publishing.
      const joins = body.online ? [
        ...(body.online.edition ? [['Join online', body.online.edition]] : []),
        ...body.online.sessions.map((room) => ['Join “' + room.title + '” online', room]),
      ] : [];
      for (const [label, room] of joins) {
        if (!/^https?:[/][/]/i.test(room.url)) continue;
        const link = document.createElement('a');
        link.href = room.url;
        link.rel = 'noopener noreferrer';
        link.className = 'join';
        link.textContent = room.room || room.url;
        const p = paragraph(label + ': ');
        p.append(link);
        box.append(p);
      }
      // The door code, as text and as a QR code (an image: the SVG cannot run anything there).
      if (body.checkInCode) {
        const door = paragraph('Your check-in code: ');
        const code = document.createElement('code');
        code.className = 'check-in-code';
        code.textContent = body.checkInCode;
        door.append(code);
        const qr = document.createElement('img');
        qr.className = 'check-in-qr';
        qr.alt = 'QR code of your check-in code ' + body.checkInCode;
        qr.width = 192;
        qr.height = 192;
        box.append(door, qr);
        fetch(link.path + '/check-in.svg', { headers: link.headers })
          .then((response) => (response.ok ? response.blob() : Promise.reject(response.status)))
          .then((svg) => { if (link === current) qr.src = URL.createObjectURL(svg); })
          .catch(() => qr.remove());
      }
      box.dataset.status = body.status;
      cancel.hidden = body.status === 'cancelled';
    };
    const open = () => {
      const params = new URLSearchParams(location.hash.slice(1));
      if (current && !params.has('id')) return; // an anchor in the page (#main), not a manage link
      const link = current = {
        path: '/editions/' + data.year + '/registrations/' + params.get('id'),
        headers: { authorization: 'Bearer ' + params.get('token') },
      };
      cancel.hidden = true;
      delete box.dataset.status;
      text('manage-error', '');
      box.replaceChildren(paragraph('Loading your registration…'));
      api(link.path, { headers: link.headers }).then((answer) => show(link, answer));
    };
    open();
    addEventListener('hashchange', open);
    cancel.addEventListener('click', async () => {
      const link = current;
      if (!confirm('Cancel your registration? Your seat goes to the next person on the waiting list.')) return;
      show(link, await api(link.path, { method: 'DELETE', headers: link.headers }));
      if (link === current) box.focus?.();
    });
  }
})();
`;
