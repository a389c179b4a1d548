import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import type { ReviewStore } from '#functions/data/submissions/review-store.ts';
import type { SpeakerDirectory } from '#functions/data/submissions/speaker-directory.ts';
import type { SubmissionStore } from '#functions/data/submissions/submission-store.ts';
import type { EventSink } from '#functions/data/webhooks/event-outbox.ts';
import type { Authenticator } from '#functions/http/auth.ts';
import type { Cursors } from '#functions/http/cursor.ts';
import type { DraftPort } from './decisions/draft-port.ts';
import type { SubmissionFormPages, SubmitPort } from './forms/submission-forms.ts';
import type { SpeakerPage } from './speakers/forms.ts';
import type { SpeakerServiceDependencies } from './speakers/service.ts';

/**
 * What the call for papers' routes are built with, given by the composition roots (api.ts, the
 * context's handler.ts). Each part of the context (submissions/, reviews/, speakers/) adds the
 * stores and ports it needs.
 */
export interface CfpDependencies {
  editions: Pick<EditionStore, 'getEdition'>;
  /** Submitting and one's own submission (data/submissions/submission-store.ts). */
  submissions: SubmissionStore;
  /** Reviews, decisions and the speakers' answers (data/submissions/review-store.ts). */
  submissionReviews: ReviewStore;
  /** Which person id an address confirmed as, across editions. */
  speakerDirectory: SpeakerDirectory;
  /** The organizers' and reviewers' tokens (the /admin submissions routes). */
  authenticate: Authenticator;
  /** Signs the list cursors with a server secret. */
  cursors: Cursors;
  clock: () => Date;
  /** The service's secret: address HMACs, title claims and the submissions' private links. */
  emailHashKey: string;
  /** Where the pages are served: the private link of a submission starts with it. */
  publicUrl: string;
  /** Told of the messages a decision queued (the local dispatcher; nothing in AWS). */
  mails: MailSink;
  /** Told of the events a decision wrote. */
  events: EventSink;
  /** The organizers' draft, where a confirmed talk goes (the agenda service, injected). */
  draft: DraftPort;
  /**
   * The submission form posted without JavaScript, answered with pages (forms/), through the
   * submissions service, or through `port` where a test puts another in its place.
   */
  forms?: SubmissionFormPages & { port?: SubmitPort };
  /** Confirmed speakers keep their own talk (speakers/): their submission, the draft, materials. */
  speakers: SpeakerServiceDependencies & {
    /** The speakers' page posted without JavaScript (`/{year}/submission`); none: not served. */
    page?: SpeakerPage;
  };
}
