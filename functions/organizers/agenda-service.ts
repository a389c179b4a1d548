import { DraftChangedError, type DraftCompanion } from '#functions/data/editions/agenda-store.ts';
import type { Release } from '#functions/data/editions/release-history.ts';
import {
  finishScheduleNotice,
  NOBODY_NOTIFIED,
  type NoticeOutcome,
  queueScheduleNotice,
} from '#functions/data/registrations/schedule-notices.ts';
import type { Stores } from '#functions/data/stores.ts';
import { noPublicCache, type PublicCache } from '#functions/edge/public-cache.ts';
import { log } from '#functions/log.ts';
import {
  closeRelease,
  commitRelease,
  publishRelease,
  type ReleaseStores,
  unfinishedRelease,
} from '#functions/releases/release.ts';
import type { DroppedDelay } from '#shared/agenda/delay-slots.ts';
import { hasErrors, lintAgenda } from '#shared/agenda/lint.ts';
import { withExplicitIds } from '#shared/draft/edits.ts';
import { releaseNotice } from '#shared/draft/schedule-notice.ts';
import { type ExpectedVersions, resourceVersion } from '#shared/draft/versions.ts';
import { onlineAccess, withoutOnlineUrls } from '#shared/edition/online.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import {
  ConflictError,
  InvalidRequestError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ReleaseBlockedError,
  TemporarilyUnavailableError,
} from '#shared/errors.ts';
import {
  draftOnlineAccess,
  finishUnannounced,
  type JoinLinkDependencies,
  type JoinUrlOutcome,
  joinLinkPending,
  releaseJoinLink,
} from './join-link.ts';

/**
 * Organizers edit a draft and release it. Every edit re-runs the agenda lint and returns its
 * findings; every editable resource has an ETag, and a write must name the one it read
 * (If-Match), so that nobody overwrites a change they have not seen.
 */

export interface EditRequest<Result> {
  year: number;
  who: string;
  action: string;
  target: string;
  /** The resource as it is now, when the edit changes an existing one: If-Match is checked on it. */
  current?: (source: EditionSource) => unknown;
  /** What If-Match named: required when the edit changes an existing resource. */
  expected?: ExpectedVersions | undefined;
  apply: (source: EditionSource) => { source: EditionSource; result: Result; summary: string };
  /** Written in the draft's transaction (PUT …/draft: the draft's private URLs). */
  also?: DraftCompanion[];
}

export type AgendaService = ReturnType<typeof createAgendaService>;

export function createAgendaService(
  stores: ReleaseStores &
    JoinLinkDependencies & { onlineAccess: Pick<Stores['onlineAccess'], 'pendingPut'> },
  clock: () => Date,
  /** The front door's cache, told of every release. */
  publicCache: PublicCache = noPublicCache,
) {
  const { agenda } = stores;

  /** The draft; before the first edit, the latest release with every id written out. */
  async function loadDraft(year: number) {
    const draft = await agenda.getDraft(year);
    if (draft) return draft;
    const release = await agenda.latestRelease(year);
    if (!release) throw new NotFoundError(`There is no edition ${year}.`);
    return { source: withExplicitIds(release.source), revision: null };
  }

  async function edit<Result>(request: EditRequest<Result>) {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const draft = await loadDraft(request.year);
      if (request.current) {
        const version = resourceVersion(request.current(draft.source));
        if (!request.expected)
          throw new PreconditionRequiredError(
            'Send If-Match with the ETag of the resource you read.',
          );
        if (request.expected !== '*' && !request.expected.includes(version)) {
          throw new PreconditionFailedError(
            `${request.target} changed since you read it: read it again and reapply your edit.`,
          );
        }
      }
      const { source, result, summary } = request.apply(draft.source);
      const now = clock();
      try {
        const revision = await agenda.saveDraft(
          request.year,
          source,
          draft.revision,
          request.who,
          now,
          request.also,
        );
        await agenda.appendAudit(request.year, {
          at: now.toISOString(),
          who: request.who,
          action: request.action,
          target: request.target,
          summary,
        });
        log.info('draft edited', {
          year: request.year,
          action: request.action,
          target: request.target,
          revision,
        });
        return { result, revision, findings: lintAgenda(source) };
      } catch (error) {
        if (!(error instanceof DraftChangedError)) throw error;
      }
    }
    throw new TemporarilyUnavailableError(
      'The draft is being edited by others right now. Please retry.',
    );
  }

  /**
   * The steps after a release's commit (releases/release.ts), each idempotent: publish it, the
   * join URLs (an API release's), its schedule notice, their audit entries, the front door's
   * cache; then the release is complete. Answers what the release did.
   */
  async function finish(year: number, released: Release, previous: EditionSource | undefined) {
    const now = clock();
    const { liveDelaysDropped } = await publishRelease(stores, released, previous, now);
    const notice = await stores.scheduleNotices.unqueued(year, released.number);
    // One message, not two, when the notice carries the links (join-link.ts).
    const joinUrl =
      released.origin === 'api'
        ? await releaseJoinLink(stores, year, released.number, now, notice !== undefined)
        : { changed: false, notified: 0 };
    const target = `release ${released.number}`;
    const at = now.toISOString();
    const who = released.releasedBy;
    if (joinUrl.changed) {
      await agenda.appendAudit(year, {
        at,
        who,
        action: 'join-url.change',
        target,
        summary: `The join URL changed with release ${released.number}: the new link is mailed to ${joinUrl.notified} confirmed registrant${joinUrl.notified === 1 ? '' : 's'}`,
      });
    }
    // Its audit entry is written with the fan-out (one transaction): a crash loses neither.
    const notified = notice
      ? await queueScheduleNotice(stores, year, released.number, notice, now, (told) => ({
          at,
          who,
          action: 'schedule.notice',
          target,
          summary: `Release ${released.number} moved ${notice.moved.length} talk${notice.moved.length === 1 ? '' : 's'}${notice.edition ? ' and the edition' : ''}: told to ${told.registrants} registrant${told.registrants === 1 ? '' : 's'} and ${told.speakers} speaker${told.speakers === 1 ? '' : 's'}`,
        }))
      : NOBODY_NOTIFIED;
    log.info('agenda released', {
      year,
      release: released.number,
      forced: released.forced,
      joinUrlChanged: joinUrl.changed,
      notified: notified.registrants,
    });
    await closeRelease(stores, publicCache, year, released.number);
    const findings = lintAgenda(released.source);
    return { release: released, findings, joinUrl, notified, liveDelaysDropped };
  }

  async function release(
    year: number,
    who: string,
    request: {
      name: string;
      comment: string;
      force?: { reason: string } | undefined;
      notify?: boolean | undefined;
    },
  ): Promise<{
    release: Release;
    findings: ReturnType<typeof lintAgenda>;
    joinUrl: JoinUrlOutcome;
    liveDelaysDropped: DroppedDelay[];
    notified: NoticeOutcome;
  }> {
    // The messages of an earlier release that changed the join URL and was interrupted, first.
    await finishUnannounced(stores, year, clock());
    // And the steps of a release committed by a process that stopped before they all ran.
    const unfinished = await unfinishedRelease(stores, year);
    const finished = unfinished && (await finish(year, unfinished.release, unfinished.previous));
    // The latest release before the draft: a release made after it (a speaker's materials,
    // releases/materials.ts, which go to the draft first) fails this one's commit, not lost.
    const latest = await agenda.latestRelease(year);
    const { source } = await loadDraft(year);
    // And the schedule notice of one interrupted before it was queued (before the edition head).
    await finishScheduleNotice(stores, year, latest?.number, clock());
    if (
      latest &&
      JSON.stringify(withExplicitIds(latest.source)) === JSON.stringify(source) &&
      !(await joinLinkPending(stores, year))
    ) {
      // A retry of the release just finished is answered as that release.
      if (finished && finished.release.number === latest.number) return finished;
      throw new ConflictError(
        `The draft has no changes since release ${latest.number} ("${latest.name}").`,
      );
    }
    const findings = lintAgenda(source);
    if (hasErrors(findings) && !request.force) {
      throw new ReleaseBlockedError(
        'The draft has lint errors. Fix them, or release anyway with force: { reason } (recorded in the changelog).',
        findings,
      );
    }
    // What the release moves for the people who come, unless organizers opt out (a typo fix).
    const notice = request.notify === false ? null : releaseNotice(latest?.source, source);
    const now = clock();
    const released = await commitRelease(
      stores,
      year,
      {
        name: request.name,
        comment: request.comment,
        releasedAt: now.toISOString(),
        releasedBy: who,
        origin: 'api',
        forced: Boolean(request.force),
        ...(request.force ? { forceReason: request.force.reason } : {}),
        source,
      },
      {
        notice,
        // Written with the release and its release.published event, in its transaction.
        audit: (number) => ({
          at: now.toISOString(),
          who,
          action: 'release',
          target: `release ${number}`,
          summary: `Released "${request.name}"${request.force ? ` despite lint errors: ${request.force.reason}` : ''}`,
        }),
        ...(latest ? { after: latest.number } : {}),
      },
    ).catch((error: unknown) => {
      if (!(error instanceof DraftChangedError)) throw error;
      throw new ConflictError(
        'Another release was made while this one was prepared (a speaker’s materials, or another organizer): release again, the draft has its changes.',
      );
    });
    return finish(year, released, latest?.source);
  }

  /**
   * Replaces the whole draft with an edition source (validated by the caller), If-Match on the
   * draft. Its private join URLs are stored apart (online-access.ts, in the draft's transaction)
   * and released with the next release; the draft, and so the releases, keep the source without
   * them.
   */
  async function replaceDraft(
    year: number,
    who: string,
    source: EditionSource,
    expected: ExpectedVersions | undefined,
  ) {
    if (source.year !== year) {
      throw new InvalidRequestError([
        { name: 'year', in: 'body', detail: `expected ${year}, the year of the path` },
      ]);
    }
    const draft = withExplicitIds(withoutOnlineUrls(source));
    const talks = draft.agenda.reduce(
      (count, entry) => count + (entry.kind === 'session' ? entry.items.length : 0),
      0,
    );
    const outcome = await edit({
      year,
      who,
      action: 'draft.replace',
      target: 'draft',
      current: (current) => current,
      expected,
      apply: () => ({
        source: draft,
        result: draft,
        summary: `Replaced the draft: ${draft.agenda.length} agenda entries, ${talks} items, ${draft.speakers.length} speakers`,
      }),
      also: [stores.onlineAccess.pendingPut(year, onlineAccess(source))],
    });
    return outcome;
  }

  return {
    loadDraft,
    edit,
    release,
    replaceDraft,
    /** The draft's join URLs: an omitted one in PUT …/draft means this one (unchanged). */
    draftOnlineAccess: (year: number) => draftOnlineAccess(stores, year),
  };
}
