import type {
  ClaimChange,
  IdempotencyClaim,
  SubmissionOutcome,
} from '#functions/data/submissions/submission-store.ts';
import { log } from '#functions/log.ts';
import { type CallView, callView } from '#shared/cfp/call-view.ts';
import {
  callProblems,
  isEditableBySubmitter,
  type StoredSpeaker,
  type SubmissionPatch,
  type SubmissionRecord,
  type SubmissionRequest,
  type SubmissionSpeaker,
} from '#shared/cfp/submission.ts';
import { submissionToken, submissionUrl } from '#shared/cfp/submission-link.ts';
import { type CallWindow, callState, callTracks, callWindow } from '#shared/cfp/window.ts';
import {
  ConflictError,
  IdempotencyInFlightError,
  IdempotencyKeyReusedError,
  InvalidRequestError,
  NotFoundError,
} from '#shared/errors.ts';
import { retentionExpiry } from '#shared/registration/rules.ts';
import { monotonicUlid } from '#shared/ulid.ts';
import type { CfpDependencies } from '../dependencies.ts';
import {
  hashToken,
  speakerEmailKey,
  submissionFingerprint,
  submissionKeyHash,
  titleClaimKey,
  tokenMatches,
} from './secrets.ts';

/**
 * Submitting to an edition's call and keeping one's submission with its private link: read it,
 * edit it while the call is open, withdraw it, have it erased. The 404 for a wrong token is the
 * one for an unknown id.
 */

type SubmissionServiceDependencies = Pick<
  CfpDependencies,
  'editions' | 'submissions' | 'clock' | 'emailHashKey' | 'publicUrl'
>;

/** A submission as its own speakers see it (with the token): their addresses included. */
export interface SubmissionView {
  id: string;
  edition: number;
  status: SubmissionRecord['status'];
  title: string;
  abstract: string;
  kind: string;
  segment: string;
  notes?: string;
  speakers: (SubmissionSpeaker & { personId?: string })[];
  submittedAt: string;
  updatedAt: string;
  decision?: { decision: 'accepted' | 'rejected'; message?: string; session?: string };
}

/** A submission made (or the one an Idempotency-Key kept), with its private link. */
export interface SubmitOutcome {
  id: string;
  manageToken: string;
  manageUrl: string;
  replayed: boolean;
}

const NOT_FOUND = 'There is no submission with this id and token.';

/** Statuses whose speakers may have their data erased at once (the rest wait for the TTL). */
const ERASABLE: readonly SubmissionRecord['status'][] = ['rejected', 'withdrawn', 'declined'];

export function createSubmissionService({
  editions,
  submissions,
  clock,
  emailHashKey,
  publicUrl,
}: SubmissionServiceDependencies) {
  async function callOf(year: number) {
    const details = await editions.getEdition(year);
    if (!details) throw new NotFoundError(`There is no edition ${year}.`);
    const call = details.cfp;
    if (!call) throw new NotFoundError(`Edition ${year} has no call for papers.`);
    return {
      details,
      call,
      window: callWindow(call, details.timezone),
      tracks: callTracks(call, details.segments),
    };
  }

  /** A 409 naming the window when the call does not take submissions now. */
  function requireOpen(year: number, window: CallWindow, now: Date) {
    const state = callState(window, now);
    if (state === 'not-yet-open') {
      throw new ConflictError(
        `The call for papers of ${year} opens at ${window.opensAt}.`,
        'window',
      );
    }
    if (state === 'closed') {
      throw new ConflictError(
        `The call for papers of ${year} closed at ${window.closesAt}.`,
        'window',
      );
    }
  }

  const stored = (speakers: SubmissionSpeaker[]): StoredSpeaker[] =>
    speakers.map((speaker) => ({
      name: speaker.name,
      email: speaker.email,
      affiliation: speaker.affiliation,
      ...(speaker.bio ? { bio: speaker.bio } : {}),
      emailKey: speakerEmailKey(emailHashKey, speaker.email),
    }));

  /** The title claim of a submission (none once its speakers are erased). */
  const claimOf = (record: Pick<SubmissionRecord, 'title' | 'speakers'>) => {
    const first = record.speakers[0];
    return first ? titleClaimKey(emailHashKey, record.title, first.email) : undefined;
  };

  function told(year: number, outcome: SubmissionOutcome, replayed: boolean): SubmitOutcome {
    const id = outcome.submissionId;
    const token = submissionToken(emailHashKey, year, id);
    return {
      id,
      manageToken: token,
      manageUrl: submissionUrl(publicUrl, year, id, token),
      replayed,
    };
  }

  /** The submission, if the token is its own; otherwise the same 404 as for no such id. */
  async function own(year: number, id: string, token: string | undefined) {
    const record = token ? await submissions.get(year, id, true) : undefined;
    if (!record || !token || !tokenMatches(token, record.tokenHash)) {
      throw new NotFoundError(NOT_FOUND);
    }
    return record;
  }

  /** Replays what an earlier request with this Idempotency-Key kept, if one did. */
  async function replayed(claim: IdempotencyClaim, now: Date) {
    const existing = await submissions.claimIdempotencyKey(claim, now);
    if (existing.claimed) return undefined;
    const { record } = existing;
    if (record.requestHash !== claim.requestHash) {
      throw new IdempotencyKeyReusedError(
        'This Idempotency-Key was used with a different request body.',
      );
    }
    if (record.state === 'in_flight' || !record.outcome) {
      throw new IdempotencyInFlightError(
        'A request with this Idempotency-Key is still being processed.',
        Math.max(1, Math.ceil((record.lockedUntil - now.getTime()) / 1000)),
      );
    }
    return record.outcome;
  }

  return {
    async call(year: number): Promise<CallView> {
      const { details, call } = await callOf(year);
      return callView(year, call, details, clock());
    },

    /**
     * Submits: 201 with the private link, a receipt to each speaker. With an Idempotency-Key the
     * submission made is kept and a retry gets it again; a refusal frees the key.
     */
    async submit(
      year: number,
      request: SubmissionRequest,
      { idempotencyKey }: { idempotencyKey?: string } = {},
    ): Promise<SubmitOutcome> {
      const now = clock();
      const { call, window, tracks } = await callOf(year);
      const claim: IdempotencyClaim | undefined = idempotencyKey
        ? {
            year,
            keyHash: submissionKeyHash(idempotencyKey),
            requestHash: submissionFingerprint(idempotencyKey, request),
          }
        : undefined;
      if (claim) {
        const kept = await replayed(claim, now);
        if (kept) {
          log.info('submission replayed', { year });
          return told(year, kept, true);
        }
      }
      try {
        requireOpen(year, window, now);
        const problems = callProblems(call, tracks, request);
        if (problems.length > 0) throw new InvalidRequestError(problems);
        const id = monotonicUlid(now);
        const speakers = stored(request.speakers);
        const record: SubmissionRecord = {
          id,
          year,
          status: 'submitted',
          title: request.title,
          abstract: request.abstract,
          kind: request.kind,
          segment: request.segment,
          ...(request.notes ? { notes: request.notes } : {}),
          speakers,
          submittedAt: now.toISOString(),
          updatedAt: now.toISOString(),
          tokenHash: hashToken(submissionToken(emailHashKey, year, id)),
          version: 1,
        };
        const claimKey = claimOf(record) as string;
        const outcome = await submissions.create({ record, claimKey, now }, claim);
        log.info('submission created', {
          year,
          id,
          kind: record.kind,
          segment: record.segment,
          speakers: speakers.length,
        });
        return told(year, outcome, false);
      } catch (error) {
        if (claim) await submissions.releaseIdempotencyKey(claim);
        throw error;
      }
    },

    async get(year: number, id: string, token: string | undefined): Promise<SubmissionView> {
      return submissionView(await own(year, id, token));
    },

    /** Edits a submitted one while the call is open; the same rules as submitting. */
    async patch(
      year: number,
      id: string,
      token: string | undefined,
      patch: SubmissionPatch,
    ): Promise<SubmissionView> {
      const record = await own(year, id, token);
      const now = clock();
      const { call, window, tracks } = await callOf(year);
      if (!isEditableBySubmitter(record.status)) {
        throw new ConflictError(
          `The submission is ${record.status}: only a submitted one can be changed.`,
          'status',
        );
      }
      requireOpen(year, window, now);
      const { notes, speakers, ...fields } = patch;
      const { notes: _notes, ...kept } = record;
      const next: SubmissionRecord = {
        ...kept,
        ...fields,
        ...((notes ?? record.notes) ? { notes: notes ?? record.notes } : {}),
        speakers: speakers ? stored(speakers) : record.speakers,
        updatedAt: now.toISOString(),
      };
      const problems = callProblems(call, tracks, next);
      if (problems.length > 0) throw new InvalidRequestError(problems);
      const before = claimOf(record);
      const after = claimOf(next);
      const claims: ClaimChange =
        before === after ? {} : { ...(before ? { free: before } : {}), take: after };
      const written = await submissions.replace(record, next, claims);
      log.info('submission edited', { year, id, version: written.version });
      return submissionView(written);
    },

    /**
     * Withdraws a submitted one (call open) or erases a rejected, withdrawn or declined one: the
     * speakers' data goes at once, the rest expires after the edition; the title claim is freed.
     */
    async remove(year: number, id: string, token: string | undefined): Promise<SubmissionView> {
      const record = await own(year, id, token);
      const now = clock();
      const { details, call, window } = await callOf(year);
      const withdrawing = record.status === 'submitted';
      if (withdrawing) requireOpen(year, window, now);
      else if (!ERASABLE.includes(record.status)) {
        throw new ConflictError(
          record.status === 'accepted'
            ? 'The submission is accepted: decline it first, then ask for erasure.'
            : 'The submission is confirmed: it is a talk of the agenda; ask the organizers.',
          'status',
        );
      }
      if (!withdrawing && record.speakers.length === 0) return submissionView(record);
      const free = claimOf(record);
      const { notes: _notes, ...kept } = record;
      const erased: SubmissionRecord = {
        ...kept,
        status: withdrawing ? 'withdrawn' : record.status,
        speakers: [],
        updatedAt: now.toISOString(),
        ...(withdrawing ? { withdrawnAt: now.toISOString() } : {}),
        expiresAt: retentionExpiry(details.endsAt, call.retentionDays),
      };
      const written = await submissions.replace(record, erased, free ? { free } : {});
      log.info(withdrawing ? 'submission withdrawn' : 'submission erased', { year, id });
      return submissionView(written);
    },
  };
}

/** The submission as its own speakers see it: the only answer with their addresses. */
export function submissionView(record: SubmissionRecord): SubmissionView {
  return {
    id: record.id,
    edition: record.year,
    status: record.status,
    title: record.title,
    abstract: record.abstract,
    kind: record.kind,
    segment: record.segment,
    ...(record.notes ? { notes: record.notes } : {}),
    speakers: record.speakers.map(({ name, email, affiliation, bio, personId }) => ({
      name,
      email,
      affiliation,
      ...(bio ? { bio } : {}),
      ...(personId ? { personId } : {}),
    })),
    submittedAt: record.submittedAt,
    updatedAt: record.updatedAt,
    ...(record.decision
      ? {
          decision: {
            decision: record.decision.decision,
            ...(record.decision.message ? { message: record.decision.message } : {}),
            ...(record.decision.session ? { session: record.decision.session } : {}),
          },
        }
      : {}),
  };
}

export type SubmissionService = ReturnType<typeof createSubmissionService>;
