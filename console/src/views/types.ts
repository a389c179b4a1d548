import type { FunctionComponent } from 'preact';

/** The groups of the user pool (Cognito's `cognito:groups`, the local provider's likewise). */
export type Group = 'organizers' | 'reviewers';

export interface ViewProps {
  /** The edition, for views with scope `edition`. */
  year: number;
}

/**
 * One view of the console (console/README.md). The shell renders the heading (`title`), moves
 * focus to it on navigation, and shows "organizers only" instead of the view to a user outside
 * `groups`; the view renders what goes below the heading.
 */
export interface ConsoleView {
  /** The last segment of its path: `/console/editions/{year}/{id}` (or `/console/` for overview). */
  id: string;
  /** Its heading and its entry in the navigation. */
  title: string;
  /** `edition`: one per edition, under /console/editions/{year}/; `console`: the overview. */
  scope: 'console' | 'edition';
  /** Who may open it. */
  groups: readonly Group[];
  component: FunctionComponent<ViewProps>;
}
