import type { EditionSummary } from '#shared/edition/published.ts';
import type { Series } from '#shared/edition/series.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The series on `/`: under the featured edition's page, the editions announced after it and the
 * archive of past ones, each linking to its own page (agenda, materials).
 */

function dates({ date, lastDate }: EditionSummary): SafeHtml {
  return date === lastDate
    ? html`<time datetime="${date}">${date}</time>`
    : html`<time datetime="${date}">${date}</time>&ndash;<time datetime="${lastDate}">${lastDate}</time>`;
}

/** Where, in words; never a join URL (the summary has none). */
function where({ venue, location }: EditionSummary): string {
  if (location.mode === 'hybrid') return `${venue} and online`;
  if (location.mode === 'online') return venue === 'Online' ? venue : `Online (${venue})`;
  return venue;
}

function entry(edition: EditionSummary): SafeHtml {
  const talks = `${edition.talkCount} ${edition.talkCount === 1 ? 'talk' : 'talks'}`;
  return html`<li class="edition" data-year="${edition.year}"><a href="/${edition.year}">${edition.shortTitle}: ${edition.title}</a>
  <span class="muted">${dates(edition)} &middot; ${where(edition)} &middot; ${talks}</span></li>`;
}

export function seriesSection(series: Series<EditionSummary>): SafeHtml | '' {
  if (series.later.length === 0 && series.past.length === 0) return '';
  const later =
    series.later.length === 0
      ? ''
      : html`<h3 id="later-heading">Later editions</h3>
  <ol class="series later" aria-labelledby="later-heading">${series.later.map(entry)}</ol>`;
  const past =
    series.past.length === 0
      ? ''
      : html`<h3 id="archive-heading">Past editions</h3>
  <ol class="series archive" aria-labelledby="archive-heading">${series.past.map(entry)}</ol>`;
  return html`<section aria-labelledby="series-heading" class="series" id="series">
  <h2 id="series-heading">The series</h2>
  ${later}
  ${past}
</section>`;
}
