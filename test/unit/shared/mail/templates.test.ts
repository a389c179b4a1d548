import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { publishEdition } from '#shared/edition/published.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import type { MailContent } from '#shared/mail/message.ts';
import { confirmedMessage, waitlistedMessage } from '#shared/mail/registration.ts';
import { seedEdition } from '../../../support/editions.ts';
import {
  ADA,
  GRACE,
  hybridSource,
  JOIN_URL,
  MESSAGE_KINDS,
  messageOf,
  PUBLIC_URL,
  SESSION_URL,
} from '../../../support/mail/mail-fixtures.ts';

const HTML_TAG = /<\/?[a-z][^>]*>/i;
const EMAIL_ADDRESS = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const everything = (content: MailContent) =>
  [content.subject, content.text, content.html].join('\n');

const eventUids = (calendar: string) =>
  Object.values(ical.sync.parseICS(calendar))
    .filter((component): component is VEvent => component?.type === 'VEVENT')
    .map((event) => event.uid)
    .sort();

describe.each(MESSAGE_KINDS)('the %s message', (kind) => {
  const content = messageOf(kind, hybridSource());

  it('names the edition and its dates in the subject, on one line', () => {
    expect(content.subject).toContain('Test Workshop');
    expect(content.subject).toContain('20 June 2030');
    expect(content.subject).not.toMatch(/[\r\n]/);
  });

  it('greets the addressee by name in both parts', () => {
    expect(content.text).toContain('Hello Ada Lovelace,');
    expect(content.html).toContain('Hello Ada Lovelace,');
  });

  it('has a text part without markup', () => {
    expect(content.text).not.toMatch(HTML_TAG);
    expect(content.text).not.toMatch(/&(amp|lt|gt|quot|#39);/);
  });

  it('loads nothing from anywhere: no image, stylesheet, script or tracking pixel', () => {
    expect(content.html).not.toMatch(/<(img|script|link|iframe|object|embed|style)\b/i);
    expect(content.html).not.toMatch(/\bsrc=|url\(|@import/i);
    for (const [, href] of content.html.matchAll(/href="([^"]*)"/g)) {
      expect(href).toMatch(/^https:\/\/(workshop\.example|meet\.example\.org|lab\.example\.org)\//);
    }
  });

  it("holds no email address and no one else's data", () => {
    expect(everything(content)).not.toMatch(EMAIL_ADDRESS);
    // Written for Grace instead, the message differs in her name and her manage link only.
    const forGrace = messageOf(kind, hybridSource(), GRACE);
    const anonymous = (message: MailContent, { name, manageUrl }: typeof ADA) =>
      everything(message)
        .replaceAll(manageUrl.replaceAll('&', '&amp;'), 'MANAGE')
        .replaceAll(manageUrl, 'MANAGE')
        .replaceAll(name, 'NAME');
    expect(anonymous(forGrace, GRACE)).toBe(anonymous(content, ADA));
    expect(everything(forGrace)).not.toContain('Ada');
  });
});

describe('the join URLs of an online or hybrid edition', () => {
  it.each(['confirmed', 'promoted', 'join-link-changed'] as const)(
    'are in the %s message, both parts',
    (kind) => {
      const content = messageOf(kind, hybridSource());
      for (const url of [JOIN_URL, SESSION_URL]) {
        expect(content.text).toContain(url);
        expect(content.html).toContain(`href="${url}"`);
      }
      expect(content.text).toContain('Workshop stream');
    },
  );

  it.each(['waitlisted', 'cancelled', 'reminder', 'announcement'] as const)(
    'are nowhere in the %s message',
    (kind) => {
      expect(everything(messageOf(kind, hybridSource()))).not.toMatch(/private-join-/);
    },
  );

  it('are told as changed, or as withdrawn when a release left no online part', () => {
    const changed = messageOf('join-link-changed', hybridSource());
    expect(changed.subject).toMatch(/^The link to join online has changed: /);
    expect(changed.text).toContain('The links that came before no longer apply.');
    expect(changed.text).toContain(`View or cancel your registration: ${ADA.manageUrl}`);
    const withdrawn = messageOf('join-link-changed', seedEdition());
    expect(withdrawn.text).toContain('no longer takes place online');
    expect(withdrawn.text).not.toMatch(/private-join-|Joining online/);
  });

  it('are not given for an in-person edition, nor promised', () => {
    const content = messageOf('confirmed', seedEdition());
    expect(content.text).not.toContain('Joining online');
  });

  it('are promised for the manage page when the edition has none yet', () => {
    const source = hybridSource();
    const edition = publishEdition(source);
    const content = confirmedMessage({
      edition,
      publicUrl: PUBLIC_URL,
      name: 'Ada',
      manageUrl: ADA.manageUrl,
      online: { sessions: [] },
    });
    expect(content.text).toContain('The link to join online is not published yet');
  });

  it('become visible text, never a link, when they are not web URLs', () => {
    const edition = publishEdition(hybridSource());
    const content = confirmedMessage({
      edition,
      publicUrl: PUBLIC_URL,
      name: 'Ada',
      manageUrl: ADA.manageUrl,
      online: { edition: { url: 'javascript:alert(1)' }, sessions: [] },
    });
    expect(content.html).not.toContain('href="javascript:');
    expect(content.html).toContain('javascript:alert(1)');
  });
});

describe('the confirmed and promoted messages', () => {
  const source = seedEdition();
  const confirmed = messageOf('confirmed', source);
  const promoted = messageOf('promoted', source);

  it('give the seat, the agenda and the manage link (view, cancel)', () => {
    expect(confirmed.subject).toMatch(/^Your seat is confirmed: /);
    expect(confirmed.text).toContain(`The agenda: ${PUBLIC_URL}/2020`);
    expect(confirmed.text).toContain(`View or cancel your registration: ${ADA.manageUrl}`);
    expect(confirmed.html).toContain(`href="${ADA.manageUrl.replace('&', '&amp;')}"`);
    expect(confirmed.text).toContain('Thursday, 25 June 2020, 08:45–18:00 CEST');
  });

  it('attach the agenda with METHOD:PUBLISH and the UIDs of agenda.ics', () => {
    const [attachment] = confirmed.attachments ?? [];
    expect(attachment).toMatchObject({
      filename: 'hpcw20.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    });
    const content = String(attachment?.content);
    expect(content).toMatch(/^METHOD:PUBLISH\r?$/m);
    const feedUids = eventUids(agendaCalendar(publishEdition(source), PUBLIC_URL));
    expect(feedUids.length).toBeGreaterThan(20);
    expect(eventUids(content)).toEqual(feedUids);
  });

  it('say the same, the promotion told as news', () => {
    expect(promoted.subject).toMatch(/^You have a seat now: /);
    expect(promoted.text).toContain('moved up from the waiting list');
    const fromWhen = (text: string) => text.slice(text.indexOf('When and where'));
    expect(fromWhen(promoted.text)).toBe(fromWhen(confirmed.text));
    expect(promoted.attachments).toEqual(confirmed.attachments);
  });
});

describe('the waitlisted message', () => {
  const content = messageOf('waitlisted', seedEdition());

  it('gives the exact position, what happens next and the manage link', () => {
    expect(content.subject).toMatch(/^You are number 4 on the waiting list: /);
    expect(content.text).toContain('at position 4.');
    expect(content.text).toContain('What happens next');
    expect(content.text).toContain(ADA.manageUrl);
    expect(content.attachments).toBeUndefined();
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the position %s', (position) => {
    expect(() =>
      waitlistedMessage({
        edition: publishEdition(seedEdition()),
        publicUrl: PUBLIC_URL,
        name: 'Ada',
        manageUrl: ADA.manageUrl,
        position,
      }),
    ).toThrow(RangeError);
  });
});

describe('the cancelled message', () => {
  const content = messageOf('cancelled', seedEdition());

  it('acknowledges the cancellation and says the personal data is erased', () => {
    expect(content.subject).toMatch(/^Your registration is cancelled: /);
    expect(content.text).toContain('We have erased the personal data');
    expect(content.text).not.toContain('manage');
  });
});

describe('the reminder', () => {
  it('says when the edition begins, in the venue’s time', () => {
    const content = messageOf('reminder', seedEdition());
    expect(content.text).toContain('begins on Thursday, 25 June 2020 at 08:45 CEST');
  });
});

describe('hostile names and titles', () => {
  const HOSTILE_NAME = `<script>alert("name")</script> O'Brien & "Co"`;
  const HOSTILE_TITLE = `<img src=x onerror=alert(1)> "Workshop" & <b>bold</b>`;
  const source = hybridSource({ title: HOSTILE_TITLE });
  const announcement = {
    subject: 'Line\r\nBcc: everyone@example.org',
    text: '<script>alert("text")</script>\n\n<a href="https://evil.example">click</a>',
  };

  it.each(MESSAGE_KINDS)('are escaped in the HTML of the %s message', (kind) => {
    const content = messageOf(kind, source, { ...ADA, name: HOSTILE_NAME }, announcement);
    expect(content.html).not.toMatch(/<script|<img|<b>|<a href="https:\/\/evil/);
    expect(content.html).toContain(
      'Hello &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; O&#39;Brien &amp; &quot;Co&quot;,',
    );
    expect(content.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Plain text is not HTML: it shows what was written.
    expect(content.text).toContain(`Hello ${HOSTILE_NAME},`);
    expect(content.subject).not.toMatch(/[\r\n]/);
  });

  it("keep an announcement's text visible, its markup inert", () => {
    const content = messageOf('announcement', source, ADA, announcement);
    expect(content.subject).toMatch(/^Line Bcc: everyone@example\.org: /);
    expect(content.html).toContain('&lt;script&gt;alert(&quot;text&quot;)&lt;/script&gt;');
    expect(content.text).toContain('<a href="https://evil.example">click</a>');
  });
});
