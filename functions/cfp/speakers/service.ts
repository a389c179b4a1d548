import type { PublishedEditions } from '#functions/data/editions/published-editions.ts';
import {
  type SpeakerStore,
  SubmissionChangedError,
} from '#functions/data/submissions/speaker-store.ts';
import { log } from '#functions/log.ts';
import type { StoredSpeaker, SubmissionRecord } from '#shared/cfp/submission.ts';
import { findSpeaker } from '#shared/draft/edits.ts';
import type { Material } from '#shared/edition/materials.ts';
import type { PublishedEdition } from '#shared/edition/published.ts';
import type { Speaker } from '#shared/edition/schema.ts';
import { ConflictError, NotFoundError, TemporarilyUnavailableError } from '#shared/errors.ts';
import { tokenMatches } from '../submissions/secrets.ts';
import type { DraftEditor, TalkMaterials } from './ports.ts';

/**
 * Speakers keep their own talk with the submission's private link: they see its slot (with live
 * times on the day), edit their names as shown, affiliations and bios (the draft's speaker entry,
 * for organizers to release), and add or remove materials, published at once. Only a confirmed
 * submission's speakers, and only with its token: a wrong token is the same 404 as no submission.
 */

export interface SpeakerServiceDependencies {
  submissions: Pick<SpeakerStore, 'getSubmission' | 'putSpeakers'>;
  published: Pick<PublishedEditions, 'current'>;
  editDraft: DraftEditor;
  materials: TalkMaterials;
  clock: () => Date;
}

/** The talk a confirmed submission became, as published (live times on the day). */
export interface SubmissionTalk {
  id: string;
  title: string;
  sessionId: string | null;
  day: string;
  start: string;
  end: string;
  /** On the workshop day, when a live delay moves it. */
  live?: { start: string; end: string; delayMinutes: number };
  materials: Material[];
}

export interface SpeakerEdit {
  name?: string | undefined;
  affiliation?: string | undefined;
  /** An empty bio removes it. */
  bio?: string | undefined;
}

/** Who speakers' edits are by in the audit trail: never an address. */
const SPEAKER = 'speaker';
const ATTEMPTS = 3;

/** The talk of a confirmed submission in the published edition; undefined before it is released. */
export function talkOfSubmission(
  edition: PublishedEdition | undefined,
  record: Pick<SubmissionRecord, 'status' | 'talkId'>,
): SubmissionTalk | undefined {
  if (record.status !== 'confirmed' || !record.talkId || !edition) return undefined;
  const slot = edition.slots.find((candidate) => candidate.id === record.talkId);
  if (!slot) return undefined;
  return {
    id: slot.id,
    title: slot.title,
    sessionId: slot.sessionId,
    day: slot.day,
    start: slot.start,
    end: slot.end,
    ...(slot.liveStart && slot.liveEnd
      ? {
          live: { start: slot.liveStart, end: slot.liveEnd, delayMinutes: slot.delayMinutes ?? 0 },
        }
      : {}),
    materials: slot.materials ?? [],
  };
}

/** A speaker as their own page shows them: never another speaker's address. */
export const speakerView = ({ personId, name, affiliation, bio }: StoredSpeaker) => ({
  ...(personId ? { personId } : {}),
  name,
  affiliation,
  ...(bio ? { bio } : {}),
});

export type SpeakerService = ReturnType<typeof createSpeakerService>;

export function createSpeakerService(dependencies: SpeakerServiceDependencies) {
  const { submissions, published, editDraft, materials, clock } = dependencies;
  const unknown = () => new NotFoundError('There is no submission with this id and token.');

  async function ownSubmission(year: number, id: string, token: string | undefined) {
    if (!token) throw unknown();
    const record = await submissions.getSubmission(year, id);
    if (!record || !tokenMatches(token, record.tokenHash)) throw unknown();
    return record;
  }

  /** A submission confirmed as a talk of the draft: what speakers may change of their talk. */
  async function confirmed(year: number, id: string, token: string | undefined) {
    const record = await ownSubmission(year, id, token);
    if (record.status !== 'confirmed' || !record.talkId) {
      throw new ConflictError(
        `The submission is ${record.status}: speakers edit their talk once they have confirmed it.`,
        'status',
      );
    }
    return { record, talkId: record.talkId };
  }

  async function talk(year: number, id: string, token: string | undefined) {
    const record = await ownSubmission(year, id, token);
    const current = await published.current(year);
    const details = current?.edition.details;
    return {
      record,
      talk: talkOfSubmission(current?.edition, record) ?? null,
      editionTitle: details ? `${details.shortTitle}: ${details.title}` : String(year),
    };
  }

  /** The draft's speaker entry, then the submission's speaker: organizers release the first. */
  async function editSpeaker(
    year: number,
    id: string,
    token: string | undefined,
    personId: string,
    edit: SpeakerEdit,
  ) {
    let { record } = await confirmed(year, id, token);
    if (!record.speakers.some((speaker) => speaker.personId === personId)) {
      throw new NotFoundError(`The submission has no speaker "${personId}".`);
    }
    const fields = Object.keys(edit).filter(
      (field) => edit[field as keyof SpeakerEdit] !== undefined,
    );
    await editDraft({
      year,
      who: SPEAKER,
      action: 'speaker.update',
      target: `speaker ${personId}`,
      apply: (source) => {
        const next = edited(findSpeaker(source, personId), edit);
        return {
          source: {
            ...source,
            speakers: source.speakers.map((speaker) => (speaker.id === personId ? next : speaker)),
          },
          result: next,
          summary: `Speaker ${personId} changed their ${fields.join(', ')} (for the next release)`,
        };
      },
    });
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const speakers = record.speakers.map((speaker) =>
        speaker.personId === personId ? edited(speaker, edit) : speaker,
      );
      try {
        record = await submissions.putSpeakers(record, speakers, clock());
        log.info('speaker edited', { year, submissionId: id, fields: fields.join(', ') });
        const speaker = record.speakers.find((candidate) => candidate.personId === personId);
        return { speaker: speakerView(speaker as StoredSpeaker) };
      } catch (error) {
        if (!(error instanceof SubmissionChangedError)) throw error;
        record = (await confirmed(year, id, token)).record;
      }
    }
    throw new TemporarilyUnavailableError(
      'The submission is being changed right now. Please retry.',
    );
  }

  async function addMaterial(
    year: number,
    id: string,
    token: string | undefined,
    material: Omit<Material, 'id'>,
  ) {
    const { talkId } = await confirmed(year, id, token);
    const added = await materials.add(year, talkId, material, { who: SPEAKER });
    log.info('speaker material added', { year, submissionId: id, release: added.release });
    return added.material;
  }

  async function removeMaterial(
    year: number,
    id: string,
    token: string | undefined,
    materialId: string,
  ) {
    const { talkId } = await confirmed(year, id, token);
    const removed = await materials.remove(year, talkId, materialId, { who: SPEAKER });
    log.info('speaker material removed', { year, submissionId: id, release: removed.release });
    return removed.material;
  }

  return { ownSubmission, talk, editSpeaker, addMaterial, removeMaterial };
}

/** A speaker (of the draft or of the submission) with the edit applied; an empty bio removes it. */
function edited<Person extends Speaker | StoredSpeaker>(
  speaker: Person,
  edit: SpeakerEdit,
): Person {
  const next = { ...speaker };
  if (edit.name !== undefined) next.name = edit.name;
  if (edit.affiliation !== undefined) next.affiliation = edit.affiliation;
  if (edit.bio === '') delete next.bio;
  else if (edit.bio !== undefined) next.bio = edit.bio;
  return next;
}
