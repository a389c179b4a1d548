import type { StoredSubmission } from '#functions/data/submissions/review-store.ts';
import { log } from '#functions/log.ts';
import { draftPersonIds, newPersonId, withAcceptedTalk } from '#shared/cfp/acceptance.ts';
import type { StoredSpeaker } from '#shared/cfp/submission.ts';
import { ConflictError, NotFoundError } from '#shared/errors.ts';
import type { CfpDependencies } from '../dependencies.ts';
import { tokenMatches } from '../submissions/secrets.ts';
import { submissionView } from '../submissions/service.ts';

/**
 * Accepted speakers answer with their private link: a confirmation puts the talk into the draft
 * (with an audit entry; the agenda service takes the edit again when the draft changed meanwhile)
 * under the person ids their addresses had before, or new ones; a decline lets the submission go.
 */

const SECONDS_A_DAY = 24 * 60 * 60;
const CANDIDATES_AT_ONCE = 5;

export function createAnswerService(dependencies: CfpDependencies) {
  const { submissionReviews: store, speakerDirectory: directory, clock } = dependencies;

  /** The edition, its call and the submission the token opens; 404 for a wrong token too. */
  async function open(year: number, id: string, token: string | undefined) {
    const edition = await dependencies.editions.getEdition(year);
    const submission = edition?.cfp ? await store.getSubmission(year, id) : undefined;
    if (!edition?.cfp || !submission || !token || !tokenMatches(token, submission.tokenHash)) {
      throw new NotFoundError(`There is no submission ${id} in ${year}, or the link is not its.`);
    }
    if (submission.status !== 'accepted' || !submission.decision?.session) {
      throw new ConflictError(
        `This submission is ${submission.status}: only an accepted one is confirmed or declined.`,
        'status',
      );
    }
    return { edition, call: edition.cfp, submission };
  }

  /**
   * Ids free of every published person, for the speakers the directory does not know: the slug
   * of the name, then -2, -3…, enough of them that the draft's own people cannot use them all.
   */
  async function unpublishedIds(speakers: readonly StoredSpeaker[], draftIds: Set<string>) {
    const free = new Set<string>();
    for (const speaker of speakers) {
      const base = newPersonId(speaker.name, () => false);
      const needed =
        [...draftIds].filter((id) => id === base || id.startsWith(`${base}-`)).length +
        speakers.length;
      let found = 0;
      for (let next = 1; found < needed; next += CANDIDATES_AT_ONCE) {
        const candidates = Array.from({ length: CANDIDATES_AT_ONCE }, (_, index) =>
          next + index === 1 ? base : `${base}-${next + index}`,
        );
        const published = await Promise.all(candidates.map(directory.personIdPublished));
        candidates.forEach((candidate, index) => {
          if (published[index]) return;
          free.add(candidate);
          found += 1;
        });
      }
    }
    return free;
  }

  async function confirm(year: number, id: string, token: string | undefined) {
    const { call, submission } = await open(year, id, token);
    const session = submission.decision?.session as string;
    const kind = call.kinds.find((candidate) => candidate.id === submission.kind);
    if (!kind) {
      throw new ConflictError(
        `The call no longer has the kind "${submission.kind}": ask the organizers.`,
        'kind',
      );
    }
    const known = await directory.personIds(submission.speakers.map((s) => s.emailKey));
    const unknown = submission.speakers.filter((speaker) => !known.has(speaker.emailKey));
    const free = await unpublishedIds(unknown, draftPersonIds(await dependencies.draft.read(year)));
    const now = clock();
    if (!(await store.answer(year, id, submission, 'confirmed', now))) {
      throw new ConflictError('This submission was answered or decided again meanwhile.', 'status');
    }
    const confirmedVersion = submission.version + 1;
    let outcome: { talkId: string; speakers: StoredSpeaker[] };
    try {
      ({ result: outcome } = await dependencies.draft.edit({
        year,
        who: `speaker of submission ${id}`,
        action: 'submission.confirm',
        target: `submission ${id}`,
        apply: (source) => {
          const inDraft = draftPersonIds(source);
          const assigned = new Set<string>();
          const speakers = submission.speakers.map((speaker) => {
            const personId =
              known.get(speaker.emailKey) ??
              newPersonId(
                speaker.name,
                (candidate) =>
                  !free.has(candidate) || inDraft.has(candidate) || assigned.has(candidate),
              );
            assigned.add(personId);
            return { ...speaker, personId };
          });
          const accepted = withAcceptedTalk(source, {
            submission,
            kind,
            sessionId: session,
            speakers: speakers.map(({ personId, name, affiliation, bio }) => ({
              personId,
              name,
              affiliation,
              ...(bio ? { bio } : {}),
            })),
          });
          if (!accepted.ok) {
            throw new ConflictError(
              `The session "${session}" is no longer in the draft: ask the organizers.`,
              'session',
            );
          }
          return {
            source: accepted.source,
            result: { talkId: accepted.talkId, speakers },
            summary: `Speakers confirmed submission ${id}: "${submission.title}" joins session ${session} as ${accepted.talkId}`,
          };
        },
      }));
    } catch (error) {
      // The draft did not take it: the submission is accepted again, the speakers may retry.
      await store.unconfirm(year, id, confirmedVersion);
      throw error;
    }
    await store.recordTalk(year, id, confirmedVersion, outcome.talkId, outcome.speakers);
    const people = new Map(outcome.speakers.map((s) => [s.emailKey, s.personId as string]));
    await directory.learn(
      [...people].map(([emailKey, personId]) => ({ emailKey, personId })),
      now,
    );
    log.info('submission confirmed', { year, submission: id });
    return submissionView((await store.getSubmission(year, id)) as StoredSubmission);
  }

  async function decline(year: number, id: string, token: string | undefined) {
    const { edition, call, submission } = await open(year, id, token);
    const expiresAt =
      Math.floor(Date.parse(edition.endsAt) / 1000) + call.retentionDays * SECONDS_A_DAY;
    if (!(await store.answer(year, id, submission, 'declined', clock(), expiresAt))) {
      throw new ConflictError('This submission was answered or decided again meanwhile.', 'status');
    }
    log.info('submission declined', { year, submission: id });
    return submissionView((await store.getSubmission(year, id)) as StoredSubmission);
  }

  return { confirm, decline };
}
