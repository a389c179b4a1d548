import type { paths } from '../../../../client/index.ts';
import { api } from '../../api.ts';
import { loadDraft } from '../agenda/model.ts';

/**
 * The submissions to an edition's call as reviewers and organizers read them
 * (GET /admin/editions/{year}/submissions, every page), the edition's tracks (its segments) and
 * the draft's sessions an accepted talk can join. Never an email: the API sends none.
 */

type ListAnswer =
  paths['/admin/editions/{year}/submissions']['get']['responses'][200]['content']['application/json'];
export type Submission = ListAnswer['items'][number];
export type Status = Submission['status'];
export type Summary = Submission['reviews'];

export const STATUSES: readonly Status[] = [
  'submitted',
  'accepted',
  'rejected',
  'confirmed',
  'declined',
  'withdrawn',
];

/** Every submission (all pages), of one status when given. */
export async function loadSubmissions(year: number, status?: Status): Promise<Submission[]> {
  const all: Submission[] = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await api.GET('/admin/editions/{year}/submissions', {
      params: {
        path: { year },
        query: { limit: 100, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) },
      },
    });
    if (!data) throw error;
    all.push(...data.items);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function loadSubmission(year: number, id: string): Promise<Submission> {
  const { data, error } = await api.GET('/admin/editions/{year}/submissions/{submissionId}', {
    params: { path: { year, submissionId: id } },
  });
  if (!data) throw error;
  return data;
}

export type Named = { id: string; name: string };

/** The edition's segments: the call's tracks (their names for the ids submissions carry). */
export async function loadTracks(year: number): Promise<Named[]> {
  const { data, error } = await api.GET('/editions/{year}', { params: { path: { year } } });
  if (!data) throw error;
  return data.segments.map(({ id, name }) => ({ id, name }));
}

/** The draft's sessions (GET /admin/editions/{year}/draft): where an accepted talk can go. */
export async function loadSessions(year: number): Promise<Named[]> {
  const draft = await loadDraft(year);
  return draft.source.agenda.flatMap((entry) =>
    entry.kind === 'session' ? [{ id: entry.id, name: entry.title }] : [],
  );
}

export const nameOf = (list: readonly Named[], id: string | undefined) =>
  list.find((entry) => entry.id === id)?.name ?? id ?? '';

/** A kind's id as words (`lightning` → `Lightning`): the client has no call route for labels. */
export const kindLabel = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1);

export function summaryText(summary: Summary): string {
  if (summary.count === 0) return 'no reviews yet';
  const reviews = summary.count === 1 ? '1 review' : `${summary.count} reviews`;
  return `${reviews}, mean ${summary.mean}${summary.spread === null ? '' : `, spread ${summary.spread}`}`;
}

/** Decided (or withdrawn): reviews are closed. */
export const isOpenForReview = (submission: Submission) => submission.status === 'submitted';

/** The distinct values of a field among the submissions, in first-seen order. */
export const distinct = (items: readonly Submission[], field: 'kind' | 'segment') => [
  ...new Set(items.map((item) => item[field])),
];
