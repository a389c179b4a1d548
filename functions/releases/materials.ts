import { DraftChangedError } from '#functions/data/editions/agenda-store.ts';
import type { Release } from '#functions/data/editions/release-history.ts';
import { noPublicCache, type PublicCache } from '#functions/edge/public-cache.ts';
import { log } from '#functions/log.ts';
import { findTalk, updateTalk, withExplicitIds } from '#shared/draft/edits.ts';
import { type Material, type MaterialInput, withMaterialIds } from '#shared/edition/materials.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { ConflictError, NotFoundError, TemporarilyUnavailableError } from '#shared/errors.ts';
import {
  closeRelease,
  commitRelease,
  publishRelease,
  type ReleaseStores,
  unfinishedRelease,
} from './release.ts';

/**
 * A speaker's materials (slides, code, recordings) published at once, without the rest of the
 * draft: a release whose source is the latest release with this one change, origin "speaker",
 * no schedule notice (it moves nothing), audited with its `release.published` event as any
 * release through the API. The same change goes to the draft first, so the next full release
 * keeps it; the draft edit goes through the organizers' editor (its revision check and retries),
 * so a concurrent organizer edit is not lost. A release made in between is not overwritten: the
 * commit names the release it was made from and is made again from the new one.
 */

/** The organizers' draft editor as this use case needs it (agenda-service.ts `edit`). */
export type DraftEditor = <Result>(request: {
  year: number;
  who: string;
  action: string;
  target: string;
  apply: (source: EditionSource) => { source: EditionSource; result: Result; summary: string };
}) => Promise<{ result: Result }>;

/** Who changed the materials, as the audit trail and the release name them. */
export interface MaterialsAuthor {
  who: string;
}

const ATTEMPTS = 6;

/** A short random pause between attempts, so that writers that collided do not collide again. */
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 40 * (attempt + 1)));
const RELEASE_NAME_LENGTH = 100;

/** A new material with an id none of `taken` has (made from its title, as organizers' are). */
const newMaterial = (taken: Material[], input: Omit<MaterialInput, 'id'>) =>
  withMaterialIds([...taken, { kind: input.kind, title: input.title, url: input.url }]).at(
    -1,
  ) as Material;

/** Thrown inside a draft edit to leave the draft as it is (the talk is not in it any more). */
class NotInDraft extends Error {}

export function createTalkMaterials(
  stores: ReleaseStores,
  editDraft: DraftEditor,
  clock: () => Date,
  publicCache: PublicCache = noPublicCache,
) {
  /** The talk as the latest release has it (ids written out); 409 while it is not released. */
  async function releasedTalk(year: number, talkId: string) {
    const latest = await stores.agenda.latestRelease(year);
    if (!latest) throw new NotFoundError(`There is no edition ${year}.`);
    const source = withExplicitIds(latest.source);
    try {
      return { latest, source, talk: findTalk(source, talkId).item };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new ConflictError(
        'The talk is not in the published agenda yet: materials can be added once the organizers have released it.',
        'talk',
      );
    }
  }

  /** The draft's talk changed by `change`; nothing when organizers took the talk off the draft. */
  async function changeDraft(
    year: number,
    talkId: string,
    author: MaterialsAuthor,
    change: (materials: Material[]) => { materials: Material[]; summary: string },
  ): Promise<void> {
    const editOnce = () =>
      editDraft({
        year,
        who: author.who,
        action: 'talk.materials',
        target: `talk ${talkId}`,
        apply: (source) => {
          let item: ReturnType<typeof findTalk>['item'];
          try {
            item = findTalk(source, talkId).item;
          } catch (error) {
            if (error instanceof NotFoundError) throw new NotInDraft();
            throw error;
          }
          const { materials, summary } = change(withMaterialIds(item.materials ?? []));
          return { source: updateTalk(source, talkId, { materials }), result: null, summary };
        },
      });
    // The editor says busy after its own retries: a pause, and the edit again.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await editOnce();
        return;
      } catch (error) {
        if (error instanceof NotInDraft) return;
        if (!(error instanceof TemporarilyUnavailableError) || attempt + 1 >= ATTEMPTS) throw error;
        await pause(attempt);
      }
    }
  }

  /** The steps a release of this use case left unfinished; organizers' and the file's are theirs. */
  async function finishEarlier(year: number) {
    const unfinished = await unfinishedRelease(stores, year);
    if (!unfinished) return;
    if (unfinished.release.origin !== 'speaker') {
      throw new TemporarilyUnavailableError(
        'A release of the agenda is being published right now. Please retry in a moment.',
        2,
      );
    }
    await finish(unfinished.release, unfinished.previous);
  }

  async function finish(release: Release, previous: EditionSource | undefined) {
    const { year } = release.source;
    // The registration settings are the release's before it: the seat counter stays as it is,
    // and the call's function, which may read no registrant, never touches it.
    await publishRelease(stores, release, previous, clock(), { seats: false });
    await closeRelease(stores, publicCache, year, release.number);
  }

  /**
   * Releases the latest release with the talk's materials changed by `change`, made again from
   * a newer release when one is made meanwhile. Nothing to release (an organizer's release took
   * the change already): the latest release's number.
   */
  async function release(
    year: number,
    talkId: string,
    author: MaterialsAuthor,
    change: (materials: Material[]) => { materials: Material[]; summary: string } | null,
  ): Promise<number> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      await finishEarlier(year);
      const { latest, source, talk } = await releasedTalk(year, talkId);
      const changed = change(talk.materials ? withMaterialIds(talk.materials) : []);
      if (!changed) return latest.number;
      const now = clock();
      const name = `Materials: ${talk.title}`.slice(0, RELEASE_NAME_LENGTH);
      try {
        const released = await commitRelease(
          stores,
          year,
          {
            name,
            comment: `${changed.summary}, published by its speakers without the rest of the draft.`,
            releasedAt: now.toISOString(),
            releasedBy: author.who,
            origin: 'speaker',
            forced: false,
            source: updateTalk(source, talkId, { materials: changed.materials }),
          },
          {
            notice: null,
            after: latest.number,
            audit: (number) => ({
              at: now.toISOString(),
              who: author.who,
              action: 'release.materials',
              target: `release ${number}`,
              summary: `Released "${name}": ${changed.summary}`,
            }),
          },
        );
        await finish(released, latest.source);
        log.info('materials released', { year, release: released.number, talkId });
        return released.number;
      } catch (error) {
        if (!(error instanceof DraftChangedError)) throw error;
        await pause(attempt);
      }
    }
    throw new TemporarilyUnavailableError(
      'The agenda is being released by others right now. Please retry.',
    );
  }

  /**
   * Adds a material to a released talk and publishes it: 201 material and release. The same kind
   * and URL on the talk again is the same material (a retry), not a second one.
   */
  async function add(
    year: number,
    talkId: string,
    input: Omit<MaterialInput, 'id'>,
    author: MaterialsAuthor,
  ): Promise<{ material: Material; release: number }> {
    const { talk } = await releasedTalk(year, talkId);
    const released = withMaterialIds(talk.materials ?? []);
    const same = (material: Material) => material.kind === input.kind && material.url === input.url;
    const releasedMatch = released.find(same);
    const summary = (added: Material) => `${added.kind} "${added.title}" added to talk ${talkId}`;
    let material: Material | undefined;
    await changeDraft(year, talkId, author, (materials) => {
      // An id neither the draft nor the release gives another material of the talk.
      const chosen =
        releasedMatch ?? materials.find(same) ?? newMaterial([...materials, ...released], input);
      material = chosen;
      const present = materials.some((candidate) => candidate.id === chosen.id);
      return { materials: present ? materials : [...materials, chosen], summary: summary(chosen) };
    });
    const chosen = material ?? releasedMatch ?? newMaterial(released, input);
    const number = await release(year, talkId, author, (materials) =>
      materials.some((candidate) => candidate.id === chosen.id)
        ? null
        : { materials: [...materials, chosen], summary: summary(chosen) },
    );
    return { material: chosen, release: number };
  }

  /** Removes a material of a released talk, from the draft and the public agenda at once. */
  async function remove(
    year: number,
    talkId: string,
    materialId: string,
    author: MaterialsAuthor,
  ): Promise<{ material: Material; release: number }> {
    const { talk } = await releasedTalk(year, talkId);
    const material = withMaterialIds(talk.materials ?? []).find((m) => m.id === materialId);
    if (!material) throw new NotFoundError(`The talk has no material "${materialId}".`);
    const summary = `${material.kind} "${material.title}" removed from talk ${talkId}`;
    await changeDraft(year, talkId, author, (materials) => ({
      materials: materials.filter((candidate) => candidate.id !== materialId),
      summary,
    }));
    const number = await release(year, talkId, author, (materials) =>
      materials.some((candidate) => candidate.id === materialId)
        ? { materials: materials.filter((candidate) => candidate.id !== materialId), summary }
        : null,
    );
    return { material, release: number };
  }

  return { add, remove };
}
