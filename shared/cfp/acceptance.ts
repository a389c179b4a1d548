import type { EditionSource, Speaker, TalkSource } from '../edition/schema.ts';
import { MAX_SLUG_LENGTH, slugify } from '../slug.ts';
import type { SubmissionKind } from './call.ts';
import type { SubmissionRecord } from './submission.ts';

/**
 * A confirmed submission becomes a talk of the draft: its kind gives the talk's kind and
 * duration, its speakers become the edition's speakers with this year's affiliation and bio,
 * under the person ids given (the same as in earlier editions where the address is known).
 */

interface AcceptedSpeaker {
  personId: string;
  name: string;
  affiliation: string;
  bio?: string;
}

export interface AcceptedTalk {
  submission: Pick<SubmissionRecord, 'title' | 'abstract'>;
  kind: Pick<SubmissionKind, 'duration' | 'talkKind'>;
  sessionId: string;
  speakers: AcceptedSpeaker[];
}

export type Acceptance =
  | { ok: true; source: EditionSource; talkId: string }
  | { ok: false; problem: 'no-session' };

/** An id made of `base`, within the slug length, with -2, -3… until `taken` says it is free. */
function freeId(base: string, taken: (id: string) => boolean): string {
  const stem = base.slice(0, MAX_SLUG_LENGTH - 4).replace(/-+$/, '') || 'talk';
  if (!taken(stem)) return stem;
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${stem}-${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

/** A new person's id: the slug of their name, not used by anyone in `taken`. */
export const newPersonId = (name: string, taken: (id: string) => boolean) =>
  freeId(slugify(name) || 'speaker', taken);

/** The person ids of a draft: its speakers. */
export const draftPersonIds = (source: EditionSource) =>
  new Set(source.speakers.map((speaker) => speaker.id));

/** The draft with the talk appended to its session and its speakers listed (ids written out). */
export function withAcceptedTalk(source: EditionSource, accepted: AcceptedTalk): Acceptance {
  const session = source.agenda.find(
    (entry) => entry.kind === 'session' && entry.id === accepted.sessionId,
  );
  if (session?.kind !== 'session') return { ok: false, problem: 'no-session' };
  const talkIds = new Set(
    source.agenda.flatMap((entry) =>
      entry.kind === 'session' ? entry.items.map((item) => item.id ?? '') : [],
    ),
  );
  const talkId = freeId(`${accepted.sessionId}-${slugify(accepted.submission.title)}`, (id) =>
    talkIds.has(id),
  );
  const talk: TalkSource = {
    id: talkId,
    kind: accepted.kind.talkKind,
    title: accepted.submission.title,
    duration: accepted.kind.duration,
    abstract: accepted.submission.abstract,
    speakers: accepted.speakers.map((speaker) => speaker.personId),
  };
  const entries = new Map<string, Speaker>(source.speakers.map((entry) => [entry.id, entry]));
  for (const speaker of accepted.speakers) {
    const known = entries.get(speaker.personId);
    entries.set(speaker.personId, {
      ...known,
      id: speaker.personId,
      name: speaker.name,
      affiliation: speaker.affiliation,
      ...(speaker.bio ? { bio: speaker.bio } : {}),
    });
  }
  return {
    ok: true,
    talkId,
    source: {
      ...source,
      speakers: [...entries.values()],
      agenda: source.agenda.map((entry) =>
        entry === session ? { ...session, items: [...session.items, talk] } : entry,
      ),
    },
  };
}
