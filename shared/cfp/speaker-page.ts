import type { Material } from '../edition/materials.ts';
import type { SubmissionStatus } from './submission.ts';

/**
 * What the speakers' page of a private link shows (`/{year}/submission`), posted without
 * JavaScript: the cfp context makes the view, the pages context renders it (handed in by the
 * composition roots). The token travels in hidden fields of forms that post, never in a link;
 * no address is ever in a view.
 */

export interface SpeakerPageSpeaker {
  personId?: string;
  name: string;
  affiliation: string;
  bio?: string;
}

export interface SpeakerPageTalk {
  id: string;
  title: string;
  day: string;
  start: string;
  end: string;
  live?: { start: string; end: string; delayMinutes: number };
  materials: Material[];
}

/** A form of the page sent back with its errors beside its fields and the values kept. */
export interface SpeakerPageErrors {
  form: 'speaker' | 'material';
  /** The speaker whose form it was. */
  personId?: string;
  fields: { name: string; detail: string }[];
  values: Record<string, string>;
}

export type SpeakerPageView =
  | {
      kind: 'submission';
      edition: { year: number; title: string };
      id: string;
      token: string;
      submission: {
        status: SubmissionStatus;
        title: string;
        abstract: string;
        kind: string;
        segment: string;
        decision?: { decision: 'accepted' | 'rejected'; message?: string };
        speakers: SpeakerPageSpeaker[];
      };
      /** Confirmed and released: the slot; else null. */
      talk: SpeakerPageTalk | null;
      /** What the last action did ("Saved …"). */
      notice?: string;
      errors?: SpeakerPageErrors;
    }
  | {
      kind: 'problem';
      year?: number;
      title: string;
      detail: string;
      status: number;
    };
