import { lazyView } from './cfp/lazy.tsx';
import type { ConsoleView } from './types.ts';

/**
 * Reviews (cfp/reviews-page.tsx, loaded when first opened): the edition's submissions by track
 * and kind, each with the reviewer's own score and comment. For reviewers and organizers.
 */
export const reviewsView: ConsoleView = {
  id: 'reviews',
  title: 'Reviews',
  scope: 'edition',
  groups: ['reviewers', 'organizers'],
  component: lazyView(() => import('./cfp/reviews-page.tsx')),
};
