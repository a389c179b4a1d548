import type { EditionSource } from '#shared/edition/schema.ts';

/**
 * The organizers' draft as the call for papers uses it: read its sessions, and add a confirmed
 * talk with an audit entry. The composition roots give the agenda service's (its edit retries on
 * concurrent edits); this context never imports the organizers'.
 */
interface DraftEdit<Result> {
  year: number;
  who: string;
  action: string;
  target: string;
  apply: (source: EditionSource) => { source: EditionSource; result: Result; summary: string };
}

export interface DraftPort {
  /** The draft as it is now (the latest release before the first edit). */
  read(year: number): Promise<EditionSource>;
  /** An edit of the draft with its audit entry, taken again when someone else edited it meanwhile. */
  edit<Result>(request: DraftEdit<Result>): Promise<{ result: Result }>;
}
