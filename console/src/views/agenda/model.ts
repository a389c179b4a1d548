import { api } from '../../api.ts';

/**
 * The draft as the Agenda view reads it (GET /admin/editions/{year}/draft), and the item routes
 * under it: read one item with its ETag, write it with If-Match, remove it.
 */

export type Finding = {
  code: string;
  severity: 'error' | 'warning';
  ids: string[];
  minutes: number;
  message: string;
};
export type Material = { id?: string; kind: MaterialKind; title: string; url: string };
export const MATERIAL_KINDS = ['slides', 'video', 'recording', 'code', 'other'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const TALK_KINDS = ['intro', 'talk', 'panel', 'paper', 'keynote'] as const;
type TalkKind = (typeof TALK_KINDS)[number];

export type Talk = {
  id: string;
  kind?: TalkKind;
  title: string;
  duration?: number;
  at?: string;
  speakers?: string[];
  abstract?: string;
  materials?: Material[];
};
export type Session = {
  kind: 'session';
  id: string;
  title: string;
  at?: string;
  duration?: number;
  items: Talk[];
  materials?: Material[];
};
type Break = { kind: 'break'; id: string; title: string; at: string; duration?: number };
type Entry = Session | Break | { kind: 'end'; id?: string; title: string; at: string };
export type Speaker = {
  id: string;
  name: string;
  affiliation?: string;
  bio?: string;
  photoUrl?: string;
  links?: { title: string; url: string }[];
};
export type Draft = {
  revision: number;
  source: { agenda: Entry[]; speakers: Speaker[] };
  findings: Finding[];
};

/** The kinds of item the editor changes, by the collection of their route. */
export type Kind = 'talks' | 'sessions' | 'breaks' | 'speakers';

export type Answer = {
  data?: unknown;
  error?: unknown;
  response: Response;
};

export async function loadDraft(year: number): Promise<Draft> {
  const { data, error } = await api.GET('/admin/editions/{year}/draft', {
    params: { path: { year } },
  });
  if (!data) throw error;
  return data as unknown as Draft;
}

/** One item and its ETag (the resource under its kind's key: talk, session, break, speaker). */
export async function readItem(year: number, kind: Kind, id: string) {
  const answer: Answer = await (kind === 'talks'
    ? api.GET('/admin/editions/{year}/draft/talks/{talkId}', {
        params: { path: { year, talkId: id } },
      })
    : kind === 'sessions'
      ? api.GET('/admin/editions/{year}/draft/sessions/{sessionId}', {
          params: { path: { year, sessionId: id } },
        })
      : kind === 'breaks'
        ? api.GET('/admin/editions/{year}/draft/breaks/{breakId}', {
            params: { path: { year, breakId: id } },
          })
        : api.GET('/admin/editions/{year}/draft/speakers/{speakerId}', {
            params: { path: { year, speakerId: id } },
          }));
  if (!answer.data) throw answer.error;
  const body = answer.data as Record<string, unknown>;
  return {
    item: body[KEYS[kind]] as Record<string, unknown>,
    etag: answer.response.headers.get('etag') ?? '',
  };
}

const KEYS: Record<Kind, string> = {
  talks: 'talk',
  sessions: 'session',
  breaks: 'break',
  speakers: 'speaker',
};

/** PATCH (talks, sessions, breaks) or PUT (speakers) with If-Match; the raw answer. */
export function writeItem(
  year: number,
  kind: Kind,
  id: string,
  body: Record<string, unknown>,
  etag: string,
): Promise<Answer> {
  const header = { 'If-Match': etag };
  // The body is built by the kind's form (fields.tsx), in the shape its route documents.
  const sent = body as never;
  if (kind === 'talks')
    return api.PATCH('/admin/editions/{year}/draft/talks/{talkId}', {
      params: { path: { year, talkId: id }, header },
      body: sent,
    });
  if (kind === 'sessions')
    return api.PATCH('/admin/editions/{year}/draft/sessions/{sessionId}', {
      params: { path: { year, sessionId: id }, header },
      body: sent,
    });
  if (kind === 'breaks')
    return api.PATCH('/admin/editions/{year}/draft/breaks/{breakId}', {
      params: { path: { year, breakId: id }, header },
      body: sent,
    });
  return api.PUT('/admin/editions/{year}/draft/speakers/{speakerId}', {
    params: { path: { year, speakerId: id }, header },
    body: sent,
  });
}

/** Removes a talk or a speaker as it is now (its ETag read first). */
export async function removeItem(year: number, kind: 'talks' | 'speakers', id: string) {
  const { etag } = await readItem(year, kind, id);
  const header = { 'If-Match': etag };
  const { error } =
    kind === 'talks'
      ? await api.DELETE('/admin/editions/{year}/draft/talks/{talkId}', {
          params: { path: { year, talkId: id }, header },
        })
      : await api.DELETE('/admin/editions/{year}/draft/speakers/{speakerId}', {
          params: { path: { year, speakerId: id }, header },
        });
  if (error) throw error;
}

/** Moves a talk to a place in its session (0 first). */
export async function moveTalk(year: number, id: string, position: number) {
  const { etag } = await readItem(year, 'talks', id);
  const { error } = await writeItem(year, 'talks', id, { position }, etag);
  if (error) throw error;
}

export async function addTalk(year: number, sessionId: string, title: string) {
  const { error } = await api.POST('/admin/editions/{year}/draft/sessions/{sessionId}/talks', {
    params: { path: { year, sessionId } },
    body: { title },
  });
  if (error) throw error;
}

export async function addSpeaker(year: number, name: string, affiliation: string) {
  const { error } = await api.POST('/admin/editions/{year}/draft/speakers', {
    params: { path: { year } },
    body: { name, ...(affiliation.trim() ? { affiliation } : {}) },
  });
  if (error) throw error;
}

/** The findings that name an item (by its id). */
export const findingsOf = (findings: readonly Finding[], id: string) =>
  findings.filter((finding) => finding.ids.includes(id));
