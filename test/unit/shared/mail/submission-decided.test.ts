import { describe, expect, it } from 'vitest';
import { publishEdition } from '#shared/edition/published.ts';
import { submissionDecidedMessage } from '#shared/mail/submission-decided.ts';
import { seedEdition } from '../../../support/editions.ts';

/** The decision on a submission, to one of its speakers: the link, the note, escaped. */

const LINK = 'https://workshop.example/2020/submission#id=01e1z8y6v3m9k2q4r5s6t7v8w9&token=abc';
const context = (decision: 'accepted' | 'rejected', message?: string) => ({
  edition: publishEdition(seedEdition()),
  publicUrl: 'https://workshop.example',
  name: 'Katherine <b>Runtime</b>',
  submission: {
    title: 'Rootless <script>alert(1)</script> runtimes',
    decision,
    link: LINK,
    ...(message ? { message } : {}),
  },
});

describe('the submission-decided message', () => {
  it('asks an accepted speaker to confirm or decline with their link', () => {
    const content = submissionDecidedMessage(context('accepted', 'Welcome & thanks!'));
    expect(content.subject).toMatch(/^Your submission is accepted: 6th Annual/);
    expect(content.text).toContain(`Confirm or decline: ${LINK}`);
    expect(content.text).toContain('Welcome & thanks!');
    expect(content.html).toContain(LINK.replace(/&/g, '&amp;'));
  });

  it('thanks a rejected speaker, without a confirm link', () => {
    const content = submissionDecidedMessage(context('rejected'));
    expect(content.subject).toMatch(/^About your submission/);
    expect(content.text).toContain('Thank you for submitting');
    expect(content.text).not.toContain('Confirm or decline');
  });

  it('escapes every value in the HTML part', () => {
    const { html } = submissionDecidedMessage(context('accepted', '<img src=x onerror=alert(1)>'));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Runtime');
  });
});
