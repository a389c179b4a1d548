import { type PublishedEdition, summarize } from '#shared/edition/published.ts';
import { editionPk } from '../table/keys.ts';
import { assemble, editionItems } from './edition-store.ts';

/**
 * The agenda as the public function answers it (GET /editions/{year}/agenda), rendered once by
 * the release that publishes it and stored, brotli-compressed, on the edition's head
 * (edition-head.ts) in the release's own transaction: a fresh public process answers its first
 * agenda with the head read it makes anyway, and renders nothing (published-editions.ts
 * `storedAgenda`). The public route renders with `agendaBody` too, so both are the same bytes.
 *
 * Its format, size bound and stored shape are the head's (edition-head.ts: AGENDA_FORMAT,
 * MAX_STORED_AGENDA_BYTES, StoredAgenda): the public function's cold path reads the head without
 * loading the edition model. It shows no live times: it is served only while the head's content
 * version is the edition's own (no delay set yet); after that, the agenda is rendered with the
 * live layer as before.
 */

/** The agenda's JSON, from the edition as publish stores it (published-editions.ts `asStored`). */
export const agendaBody = ({ details, sessions, slots }: PublishedEdition) =>
  JSON.stringify({ edition: summarize(details), sessions, slots });

/** Through the items and back: the edition exactly as publish stores its document. */
export const asStored = (edition: PublishedEdition) =>
  assemble(
    [...editionItems(edition)].filter((item) => item.pk === editionPk(edition.details.year)),
  );

/** The agenda a public function serves for the edition a release publishes. */
export const releasedAgendaBody = (edition: PublishedEdition) => {
  const stored = asStored(edition);
  if (!stored) throw new Error(`edition ${edition.details.year} assembles to nothing`);
  return agendaBody(stored);
};
