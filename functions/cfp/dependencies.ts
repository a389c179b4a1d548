import type { SpeakerPage } from './speakers/forms.ts';
import type { SpeakerServiceDependencies } from './speakers/service.ts';

/**
 * What the call for papers' routes are built with, given by the composition roots (api.ts, the
 * context's handler.ts). Each part of the context (submissions/, reviews/, speakers/) adds the
 * stores and ports it needs.
 */
export interface CfpDependencies {
  /** Confirmed speakers keep their own talk (speakers/): their submission, the draft, materials. */
  speakers: SpeakerServiceDependencies & {
    /** The speakers' page posted without JavaScript (`/{year}/submission`); none: not served. */
    page?: SpeakerPage;
  };
}
