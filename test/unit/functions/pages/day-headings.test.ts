import { describe, expect, it } from 'vitest';
import { editionPage } from '#functions/pages/views.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { onlineEdition, seedEdition } from '../../../support/editions.ts';

const NOW = new Date('2020-06-01T12:00:00Z');

describe('the edition page of several days', () => {
  const page = editionPage(publishEdition(onlineEdition()), null, NOW);

  it('has a heading per day, each followed by that day’s sessions', () => {
    const headings = [
      ...page.matchAll(
        /<h3 class="day" id="day-([\d-]+)"><time datetime="\1">([^<]+)<\/time><\/h3>/g,
      ),
    ];
    expect(headings.map((match) => [match[1], match[2]])).toEqual([
      ['2020-06-16', 'Tuesday, 16 June 2020'],
      ['2020-06-17', 'Wednesday, 17 June 2020'],
      ['2020-06-18', 'Thursday, 18 June 2020'],
    ]);
    const at = (text: string) => page.indexOf(text);
    expect(at('id="day-2020-06-16"')).toBeLessThan(at('id="session-runtime"'));
    expect(at('id="session-build"')).toBeLessThan(at('id="day-2020-06-17"'));
    expect(at('id="day-2020-06-17"')).toBeLessThan(at('id="session-distribute"'));
    expect(at('id="session-orchestrate"')).toBeLessThan(at('id="day-2020-06-18"'));
    expect(at('id="day-2020-06-18"')).toBeLessThan(at('id="session-use-cases"'));
    expect(page).toContain(
      '<time datetime="2020-06-16">2020-06-16</time>&ndash;<time datetime="2020-06-18">2020-06-18</time>',
    );
  });

  it('keeps a one-day page without day headings', () => {
    const oneDay = editionPage(publishEdition(seedEdition()), null, NOW);
    expect(oneDay).not.toContain('class="day"');
    expect(oneDay.match(/<ol class="agenda">/g)).toHaveLength(1);
  });
});
