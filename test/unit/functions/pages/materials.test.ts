import { describe, expect, it } from 'vitest';
import { editionPage } from '#functions/pages/views.ts';
import { updateSession, updateTalk, withExplicitIds } from '#shared/draft/edits.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { seedWithSpeakers } from '../../../support/published.ts';

/** Materials on the edition page: links under the talk or session, every text escaped. */

const TALK = 'runtime-container-runtimes-overview';
const HOSTILE = {
  kind: 'slides' as const,
  title: '<img src=x onerror=alert(1)> & "slides"',
  url: 'https://slides.example/a.pdf?q="><script>alert(1)</script>',
};

const edition = publishEdition(
  updateSession(
    updateTalk(withExplicitIds(seedWithSpeakers()), TALK, { materials: [HOSTILE] }),
    'runtime',
    { materials: [{ kind: 'recording', title: 'Recording', url: 'https://video.example/r' }] },
  ),
);
const page = editionPage(edition, null, new Date('2020-06-01T00:00:00Z'));

describe('materials on the edition page', () => {
  it('links the slides in the talk row, escaped', () => {
    const row = page.slice(
      page.indexOf(`id="${TALK}"`),
      page.indexOf('</li>', page.indexOf(`id="${TALK}"`)),
    );
    expect(row).toContain(
      '<a href="https://slides.example/a.pdf?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" rel="noopener" data-kind="slides">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;slides&quot;</a>',
    );
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
  });

  it("links a session's recording under its heading", () => {
    const block = page.slice(page.indexOf('id="session-runtime"'));
    expect(block.slice(0, block.indexOf('<ol class="slots">'))).toContain(
      '<a href="https://video.example/r" rel="noopener" data-kind="recording">Recording</a>',
    );
  });

  it('shows no materials where there are none', () => {
    const plain = editionPage(publishEdition(seedWithSpeakers()), null, new Date());
    expect(plain).not.toContain('class="materials"');
  });

  it('leaves out a link that is not http or https, should one reach the store', () => {
    const tampered = structuredClone(edition);
    const slot = tampered.slots.find((candidate) => candidate.id === TALK);
    if (slot?.materials?.[0]) slot.materials[0].url = 'javascript:alert(1)';
    expect(editionPage(tampered, null, new Date())).not.toContain('javascript:');
  });
});
