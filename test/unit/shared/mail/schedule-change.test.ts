import { join } from 'node:path';
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { EDITIONS_DIR, loadEditionFile } from '#editions/load.ts';
import { scheduleNotice } from '#shared/draft/schedule-notice.ts';
import { onlineAccess, withoutOnlineUrls } from '#shared/edition/online.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { confirmedMessage } from '#shared/mail/registration.ts';
import { scheduleChangedMessage } from '#shared/mail/schedule-change.ts';
import { seedEdition } from '../../../support/editions.ts';
import { ADA, PUBLIC_URL } from '../../../support/mail/mail-fixtures.ts';

/**
 * The summary a release that moved the programme mails: what moved, old and new times in the
 * edition's zone, the new place or way of joining, the agenda attached with the same UIDs and a
 * higher SEQUENCE, and the join link only for a confirmed person.
 */

const history = loadEditionFile(join(EDITIONS_DIR, 'history', 'hpcw-2020-online.yaml')).edition;
const proposal = publishEdition(seedEdition());
const online = publishEdition(withoutOnlineUrls(history));
const notice = scheduleNotice(proposal, online);
if (!notice) throw new Error('The history file moves the 2020 workshop.');

const context = { edition: online, publicUrl: PUBLIC_URL, ...ADA, notice, release: 2 };

const events = (calendar: string) =>
  Object.values(ical.sync.parseICS(calendar)).filter(
    (component): component is VEvent => component?.type === 'VEVENT',
  );

describe('the schedule-changed message', () => {
  const confirmed = scheduleChangedMessage({ ...context, online: onlineAccess(history) });
  const waiting = scheduleChangedMessage(context);

  it('says in its subject that the 2020 workshop moved online to June 16-18', () => {
    expect(confirmed.subject).toMatch(
      /^Now online, 16\s–\s18 June 2020: 6th Annual High Performance Containers Workshop, 16\s–\s18 June 2020$/,
    );
  });

  it('says what moved: the days and way of joining, and each talk with its old and new time', () => {
    expect(confirmed.text).toMatch(
      /- Before: 25 June 2020, in person: ISC High Performance\n- Now: 16\s–\s18 June 2020, online \(HPCW 2020 live stream\)/,
    );
    // The place moved with the edition: said once above, not on every talk.
    expect(confirmed.text).toContain(
      '- Container Runtime Overview: Tuesday, 16 June 2020, 17:05–17:15 CEST (was Thursday, 25 June 2020, 09:15–09:30 CEST)',
    );
    expect(confirmed.html).toContain('Container Runtime Overview: Tuesday, 16 June 2020');
  });

  it('gives the join link to a confirmed person only', () => {
    expect(confirmed.text).toContain('https://stream.invalid/hpcw2020');
    expect(waiting.text).not.toContain('stream.invalid');
    expect(waiting.html).not.toContain('stream.invalid');
  });

  it('attaches the agenda with the UIDs of the confirmation and a higher SEQUENCE', () => {
    const attached = confirmed.attachments?.[0];
    expect(attached?.contentType).toBe('text/calendar; charset=utf-8; method=PUBLISH');
    const before = confirmedMessage({ edition: online, publicUrl: PUBLIC_URL, ...ADA })
      .attachments?.[0]?.content;
    const earlier = events(before ?? '');
    const updated = events(attached?.content ?? '');
    expect(updated.map((event) => event.uid).sort()).toEqual(
      earlier.map((event) => event.uid).sort(),
    );
    expect(new Set(earlier.map((event) => event.sequence))).toEqual(new Set([0]));
    expect(new Set(updated.map((event) => event.sequence))).toEqual(new Set([2]));
  });

  it('lists at most 40 talks and says how many more', () => {
    const many = {
      ...notice,
      moved: Array.from({ length: 45 }, (_, index) => ({
        ...(notice.moved[0] as (typeof notice.moved)[number]),
        title: `Talk ${index + 1}`,
      })),
    };
    const text = scheduleChangedMessage({ ...context, notice: many }).text;
    expect(text).toContain('- Talk 40:');
    expect(text).not.toContain('- Talk 41:');
    expect(text).toContain('And 5 more: see the agenda.');
  });
});
