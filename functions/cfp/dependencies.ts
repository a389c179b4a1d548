import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { SubmissionStore } from '#functions/data/submissions/submission-store.ts';
import type { Authenticator } from '#functions/http/auth.ts';
import type { SubmissionFormPages, SubmitPort } from './forms/submission-forms.ts';

/**
 * What the call for papers' routes are built with, given by the composition roots (api.ts, the
 * context's handler.ts). Each part of the context (submissions/, reviews/, speakers/) adds the
 * stores and ports it needs.
 */
export interface CfpDependencies {
  // submissions/
  editions: Pick<EditionStore, 'getEdition'>;
  submissions: SubmissionStore;
  clock: () => Date;
  /** The email HMAC key: speakers' email keys, submission tokens and title claims derive from it. */
  emailHashKey: string;
  /** Where the pages are served: the private link of a submission starts with it. */
  publicUrl: string;
  /** Verified claims of organizers and reviewers (the admin routes). */
  authenticate: Authenticator;
  /**
   * The submission form posted without JavaScript, answered with pages (forms/), through the
   * submissions service, or through `port` where a test puts another in its place.
   */
  forms?: SubmissionFormPages & { port?: SubmitPort };
}
