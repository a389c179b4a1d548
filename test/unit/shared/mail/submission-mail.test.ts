import { describe, expect, it } from 'vitest';
import { publishEdition } from '#shared/edition/published.ts';
import { submissionReceivedMessage } from '#shared/mail/submission.ts';
import { seedEdition } from '../../../support/editions.ts';

const EMAIL_ADDRESS = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const LINK = 'https://workshop.example/2020/submission#id=01sub&token=sub-token';

function receipt(overrides: {
  title?: string;
  name?: string;
  submitter?: boolean;
  closes?: string;
}) {
  return submissionReceivedMessage({
    edition: publishEdition(seedEdition()),
    publicUrl: 'https://workshop.example',
    name: overrides.name ?? 'Speaker Unit',
    manageUrl: LINK,
    closes: overrides.closes ?? '2020-04-15',
    submission: {
      title: overrides.title ?? 'Checkpointing without tears',
      kind: 'Lightning talk (10 min)',
      track: 'Runtime systems',
      submitter: overrides.submitter ?? true,
    },
  });
}

describe('the submission-received message', () => {
  it('names the submission, links it privately, and says what happens next', () => {
    const content = receipt({});
    expect(content.subject).toMatch(/^Your submission is received: /);
    for (const part of [content.text, content.html]) {
      expect(part).toContain('Checkpointing without tears');
      expect(part).toContain('Lightning talk (10 min)');
      expect(part).toContain('Runtime systems');
      expect(part).toContain(LINK.replaceAll('&', part === content.html ? '&amp;' : '&'));
      expect(part).toContain('What happens next');
    }
    expect(content.text).toContain('Thank you for submitting');
    expect(content.text).toContain('at the end of Wednesday, 15 April 2020 (');
    expect([content.subject, content.text, content.html].join('\n')).not.toMatch(EMAIL_ADDRESS);
  });

  it('tells a co-speaker they are named on it, and a closing minute with its time', () => {
    const content = receipt({ submitter: false, closes: '2020-04-15T17:00' });
    expect(content.text).toContain('You are named as a speaker');
    expect(content.text).toContain('Wednesday, 15 April 2020 at 17:00');
  });

  it('escapes a hostile title and name in the HTML, and keeps the subject on one line', () => {
    const content = receipt({
      title: '<img src=x onerror=alert(1)> & "quoted"',
      name: '<script>alert("name")</script>',
    });
    expect(content.html).not.toMatch(/<script|<img/);
    expect(content.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;');
    expect(content.text).toContain('Title: <img src=x onerror=alert(1)> & "quoted"');
    expect(content.subject).not.toMatch(/[\r\n]/);
  });
});
