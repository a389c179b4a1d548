import type { SubmissionFormPages, SubmitPort } from './forms/submission-forms.ts';

/**
 * What the call for papers' routes are built with, given by the composition roots (api.ts, the
 * context's handler.ts). Each part of the context (submissions/, reviews/, speakers/) adds the
 * stores and ports it needs.
 */
export interface CfpDependencies {
  /** The submission form posted without JavaScript, answered with pages (forms/). */
  forms?: SubmissionFormPages & { port: SubmitPort };
}
