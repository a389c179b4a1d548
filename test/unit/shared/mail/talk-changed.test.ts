import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITIONS_DIR, loadEditionFile } from '#editions/load.ts';
import { scheduleNotice } from '#shared/draft/schedule-notice.ts';
import { withoutOnlineUrls } from '#shared/edition/online.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { talkChangedMessage } from '#shared/mail/submission.ts';
import { seedEdition } from '../../../support/editions.ts';
import { PUBLIC_URL } from '../../../support/mail/mail-fixtures.ts';

/**
 * The message to each speaker of a confirmed talk a release moved: the talk, its new and old
 * day and time in the edition's zone, the private link, and what to do if it does not suit.
 */

const history = loadEditionFile(join(EDITIONS_DIR, 'history', 'hpcw-2020-online.yaml')).edition;
const proposal = publishEdition(seedEdition());
const online = publishEdition(withoutOnlineUrls(history));
const moved = scheduleNotice(proposal, online)?.moved.find(
  (talk) => talk.title === 'Container Runtime Overview',
);
if (!moved) throw new Error('The history file moves the talk.');

const manageUrl = `${PUBLIC_URL}/2020/submission#id=sub_1&token=private-token`;
const context = { edition: online, publicUrl: PUBLIC_URL, name: 'Grace Speaker', manageUrl };

describe('the talk-changed message', () => {
  const mail = talkChangedMessage({ ...context, talk: moved });

  it('names the talk and says its new day and time in the edition zone, and the old one', () => {
    expect(mail.subject).toMatch(/^Your talk has moved: 6th Annual High Performance Containers/);
    expect(mail.text).toContain('Hello Grace Speaker,');
    expect(mail.text).toContain('your talk "Container Runtime Overview"');
    expect(mail.text).toMatch(/- Now: Tuesday, 16 June 2020, 17:05–17:15 CEST, online \(/);
    expect(mail.text).toMatch(/- Before: Thursday, 25 June 2020, 09:15–09:30 CEST, /);
  });

  it('gives the private link and says what to do if the slot does not suit', () => {
    expect(mail.text).toContain(manageUrl);
    expect(mail.html).toContain(manageUrl.replace('&', '&amp;'));
    expect(mail.text).toContain('If it does not suit you');
    expect(mail.text).toContain('answer this email');
  });

  it('escapes a hostile title and name in the HTML', () => {
    const hostile = talkChangedMessage({
      ...context,
      name: '<img src=x onerror=alert(1)>',
      talk: { ...moved, title: '<script>alert("x")</script>' },
    });
    expect(hostile.html).not.toContain('<script>');
    expect(hostile.html).not.toContain('<img src=x');
    expect(hostile.html).toContain('&lt;script&gt;');
    expect(hostile.text).toContain('<script>alert("x")</script>');
  });
});
