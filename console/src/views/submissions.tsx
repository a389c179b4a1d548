import { lazyView } from './cfp/lazy.tsx';
import type { ConsoleView } from './types.ts';

/**
 * Submissions (cfp/submissions-page.tsx, loaded when first opened): scores, reviews, decisions
 * one at a time or in bulk, the CSV export. For organizers.
 */
export const submissionsView: ConsoleView = {
  id: 'submissions',
  title: 'Submissions',
  scope: 'edition',
  groups: ['organizers'],
  component: lazyView(() => import('./cfp/submissions-page.tsx')),
};
