import type { EditionDetails } from '../edition/published.ts';
import type { CallConfig, SUBMISSION_TALK_KINDS } from './call.ts';
import { type CallState, callState, callTracks, callWindow } from './window.ts';

/**
 * The call for papers and talks as the public reads it (`GET /editions/{year}/cfp`, the page
 * `/{year}/cfp`): whether it is open now, its window as instants with the edition's offset, the
 * kinds, the tracks by their segments' names, the limits and whether review is blind.
 */
export interface CallView {
  edition: number;
  state: CallState;
  open: boolean;
  opensAt: string;
  closesAt: string;
  kinds: {
    id: string;
    label: string;
    /** Minutes. */
    duration: number;
    talkKind: (typeof SUBMISSION_TALK_KINDS)[number];
    description?: string;
  }[];
  tracks: { id: string; name: string }[];
  limits: { title: number; abstract: number; speakers: number };
  blind: boolean;
}

export function callView(
  year: number,
  call: CallConfig,
  edition: Pick<EditionDetails, 'timezone' | 'segments'>,
  now: Date,
): CallView {
  const window = callWindow(call, edition.timezone);
  const state = callState(window, now);
  return {
    edition: year,
    state,
    open: state === 'open',
    ...window,
    kinds: call.kinds.map(({ id, label, duration, talkKind, description }) => ({
      id,
      label,
      duration,
      talkKind,
      ...(description ? { description } : {}),
    })),
    tracks: callTracks(call, edition.segments),
    limits: { ...call.limits },
    blind: call.blind,
  };
}

/** Where an edition's call stands now; null when the edition has no call. */
export function editionCallState(
  details: Pick<EditionDetails, 'cfp' | 'timezone'>,
  now: Date,
): CallState | null {
  return details.cfp ? callState(callWindow(details.cfp, details.timezone), now) : null;
}
