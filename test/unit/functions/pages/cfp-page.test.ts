import { describe, expect, it } from 'vitest';
import { submissionForm } from '#functions/pages/cfp-form.ts';
import { callPage, renderSubmissionView } from '#functions/pages/cfp-page.ts';
import { type CallConfig, callSchema } from '#shared/cfp/call.ts';
import { callView } from '#shared/cfp/call-view.ts';

/** The call's page and its form as markup: what each call and state says, errors in form order. */

const segments = [
  { id: 'alpha', name: 'ALPHA', description: 'The first segment.' },
  { id: 'beta', name: 'BETA & <more>', description: 'The second.' },
];

const call = (overrides: Partial<CallConfig> = {}): CallConfig =>
  callSchema.parse({
    opens: '2030-03-01T09:00',
    closes: '2030-04-30T17:00',
    kinds: [{ id: 'talk', label: 'Talk', duration: '25min' }],
    tracks: ['beta'],
    limits: { title: 80, abstract: 500, speakers: 1 },
    blind: true,
    ...overrides,
  });

const edition = {
  year: 2030,
  title: 'Test Workshop',
  shortTitle: 'TW30',
  timezone: 'Europe/Berlin',
  segments,
};

function pageAt(now: string, config = call()) {
  const view = callView(2030, config, edition, new Date(now));
  return { view, page: callPage({ ...edition, cfp: config }, view, 'k'.repeat(32)) };
}

describe('the call page', () => {
  it('says a window written to the minute to the minute, in the zone of each end', () => {
    const { page, view } = pageAt('2030-02-01T12:00:00Z');
    expect(view.state).toBe('not-yet-open');
    expect(page).toContain(
      'It opens at 09:00 on <time datetime="2030-03-01T09:00:00+01:00">Friday, 1 March 2030</time> (Europe/Berlin time, CET)',
    );
    expect(page).toContain(
      'until 17:00 on <time datetime="2030-04-30T17:00:00+02:00">Tuesday, 30 April 2030</time> (Europe/Berlin time, CEST)',
    );
    expect(page).not.toContain('<form');
  });

  it('lists only the call’s tracks, says blind review, and holds a form for one speaker', () => {
    const { page } = pageAt('2030-03-15T12:00:00Z');
    expect(page).toContain('<strong>BETA &amp; &lt;more&gt;</strong>: The second.');
    expect(page).not.toContain('ALPHA');
    expect(page).toContain('Review is blind');
    expect(page).toContain('Up to 1 speaker per submission.');
    expect(page).toContain('Talk <span class="muted">&middot; 25 minutes</span>');
    expect(page.match(/<fieldset class="speaker"/g)).toHaveLength(1);
    expect(page).toContain('Up to 1 speaker, you first. Each speaker');
    expect(page).not.toContain('Leave a row empty');
    expect(page).toMatch(/<input id="title" name="title" required maxlength="80"/);
  });

  it('lists the errors in the order of the form and focuses the first of them', () => {
    const { view } = pageAt(
      '2030-03-15T12:00:00Z',
      call({ limits: { title: 80, abstract: 500, speakers: 3 } }),
    );
    const markup = submissionForm({
      call: view,
      formKey: 'k'.repeat(32),
      errors: [
        { name: 'consent', detail: 'expected true' },
        { name: 'speakers.1.email', detail: 'expected an email address' },
        { name: 'speakers', detail: 'expected at most 3 speakers' },
        { name: 'kind', detail: 'expected one of: talk' },
        { name: 'mystery', detail: 'not a field of the form' },
      ],
    }).html;
    const listed = [...markup.matchAll(/<li><a href="#([^"]+)">([^<]+)<\/a><\/li>/g)].map(
      (match) => `${match[1]} ${match[2]}`,
    );
    expect(listed).toEqual([
      'kind-talk Kind: expected one of: talk',
      'speakers-heading Speakers: expected at most 3 speakers',
      'speakers-1-email Speaker 2: Email: expected an email address',
      'consent Consent: expected true',
      'speakers-heading mystery: not a field of the form',
    ]);
    expect(markup.match(/autofocus/g)).toHaveLength(1);
    expect(markup).toMatch(/id="kind-talk" name="kind" value="talk" required autofocus>/);
  });

  it('answers a replayed form without the private link, and a problem with the way back', () => {
    const replayed = renderSubmissionView({ kind: 'submitted', year: 2030, title: 'A <talk>' });
    expect(replayed).toContain('&ldquo;A &lt;talk&gt;&rdquo; is submitted.');
    expect(replayed).toContain('This form had been sent already');
    expect(replayed).not.toContain('submission-link');
    const problem = renderSubmissionView({
      kind: 'problem',
      year: 2030,
      title: 'Conflicts with the current state',
      detail: 'The call closed.',
      status: 409,
    });
    expect(problem).toContain('<a href="/2030/cfp">Back to the call for papers and talks</a>');
    expect(problem).not.toContain('<script');
  });
});
