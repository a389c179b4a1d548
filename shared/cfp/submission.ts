import * as z from 'zod/mini';
import { emailAddress, readableText } from '../registration/request.ts';
import type { CallConfig } from './call.ts';

/**
 * A submission to an edition's call, as speakers send it and as it is kept. The request's bounds
 * here are the widest any call allows; `callProblems` holds it to its own call's limits, kinds
 * and tracks. Messages never repeat the input: it is personal data.
 */

/** The widest bounds of any call (call.ts): a body past them is refused before the call is read. */
export const SUBMISSION_BOUNDS = { title: 300, abstract: 10_000, speakers: 10, bio: 2000 };

const submissionSpeakerSchema = z.strictObject({
  name: readableText(200, 'expected a name'),
  email: emailAddress,
  affiliation: readableText(200, 'expected an affiliation'),
  bio: z.optional(readableText(SUBMISSION_BOUNDS.bio, 'expected a bio', { allowEmpty: true })),
});

export const submissionRequestSchema = z.strictObject({
  title: readableText(SUBMISSION_BOUNDS.title, 'expected a title'),
  abstract: readableText(SUBMISSION_BOUNDS.abstract, 'expected an abstract'),
  kind: readableText(100, "expected one of the call's kinds"),
  segment: readableText(100, "expected one of the call's tracks"),
  notes: z.optional(readableText(2000, 'expected notes', { allowEmpty: true })),
  consent: z.literal(true, 'expected true: submitting needs consent to store your data'),
  speakers: z
    .array(submissionSpeakerSchema)
    .check(
      z.minLength(1, 'expected at least one speaker'),
      z.maxLength(
        SUBMISSION_BOUNDS.speakers,
        `expected at most ${SUBMISSION_BOUNDS.speakers} speakers`,
      ),
    ),
});

export type SubmissionRequest = z.output<typeof submissionRequestSchema>;
export type SubmissionSpeaker = z.output<typeof submissionSpeakerSchema>;

/** What a submitter may change while the call is open: any field but consent. */
export const submissionPatchSchema = z.partial(
  z.strictObject({
    title: submissionRequestSchema.shape.title,
    abstract: submissionRequestSchema.shape.abstract,
    kind: submissionRequestSchema.shape.kind,
    segment: submissionRequestSchema.shape.segment,
    notes: submissionRequestSchema.shape.notes,
    speakers: submissionRequestSchema.shape.speakers,
  }),
);

export type SubmissionPatch = z.output<typeof submissionPatchSchema>;

/** A field that breaks the call's own rules, named as the API's 400 names it. */
export interface FieldProblem {
  name: string;
  in: 'body';
  detail: string;
}

/** The problems of a submission (or a patched one) under its call; empty when it fits. */
export function callProblems(
  call: CallConfig,
  tracks: readonly { id: string }[],
  submission: Pick<SubmissionRequest, 'title' | 'abstract' | 'kind' | 'segment' | 'speakers'>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (name: string, detail: string) => problems.push({ name, in: 'body', detail });
  if (!call.kinds.some((kind) => kind.id === submission.kind)) {
    problem('kind', `expected one of: ${call.kinds.map((kind) => kind.id).join(', ')}`);
  }
  if (!tracks.some((track) => track.id === submission.segment)) {
    problem('segment', `expected one of: ${tracks.map((track) => track.id).join(', ')}`);
  }
  if ([...submission.title].length > call.limits.title) {
    problem('title', `expected at most ${call.limits.title} characters`);
  }
  if ([...submission.abstract].length > call.limits.abstract) {
    problem('abstract', `expected at most ${call.limits.abstract} characters`);
  }
  if (submission.speakers.length > call.limits.speakers) {
    problem('speakers', `expected at most ${call.limits.speakers} speakers`);
  }
  const seen = new Set<string>();
  submission.speakers.forEach((speaker, index) => {
    const address = speaker.email.toLowerCase();
    if (seen.has(address)) problem(`speakers.${index}.email`, 'expected each speaker once');
    seen.add(address);
  });
  return problems;
}

/**
 * submitted → withdrawn (by the submitter, while the call is open) or a decision: accepted or
 * rejected (changeable until the speakers answer); accepted → confirmed or declined by the
 * speakers. Confirmed submissions are talks of the draft.
 */
export const SUBMISSION_STATUSES = [
  'submitted',
  'withdrawn',
  'accepted',
  'rejected',
  'confirmed',
  'declined',
] as const;

export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** A speaker as kept: the address only in the submission's own item, never in an answer to others. */
export interface StoredSpeaker extends SubmissionSpeaker {
  /** The address's HMAC (functions/registrations/secrets.ts emailKey): matches people across years. */
  emailKey: string;
  /** Set on confirmation: the person id the agenda knows them by. */
  personId?: string;
}

export interface SubmissionDecision {
  decision: 'accepted' | 'rejected';
  /** The draft session an accepted talk joins. */
  session?: string;
  message?: string;
  decidedAt: string;
  decidedBy: string;
}

export interface SubmissionRecord {
  id: string;
  year: number;
  status: SubmissionStatus;
  title: string;
  abstract: string;
  kind: string;
  segment: string;
  notes?: string;
  speakers: StoredSpeaker[];
  submittedAt: string;
  updatedAt: string;
  withdrawnAt?: string;
  decision?: SubmissionDecision;
  /** Confirmed: the id of the talk it became in the draft. */
  talkId?: string;
  answeredAt?: string;
  /** SHA-256 of the manage token (shared/cfp/submission-link.ts). */
  tokenHash: string;
  /** Optimistic locking: every write names the version it read. */
  version: number;
  /** Epoch seconds: set when rejected, withdrawn or declined, for DynamoDB's TTL. */
  expiresAt?: number;
}

/** Statuses the submitter can still change or withdraw (and only while the call is open). */
export const isEditableBySubmitter = (status: SubmissionStatus) => status === 'submitted';
