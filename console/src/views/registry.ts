import { agendaView } from './agenda.tsx';
import { announcementsView } from './announcements.tsx';
import { auditView } from './audit.tsx';
import { dayView } from './day.tsx';
import { overviewView } from './overview.tsx';
import { registrationsView } from './registrations.tsx';
import { releasesView } from './releases.tsx';
import { reviewsView } from './reviews.tsx';
import { submissionsView } from './submissions.tsx';
import type { ConsoleView } from './types.ts';
import { webhooksView } from './webhooks.tsx';

/**
 * Every view of the console, in the navigation's order (console/README.md). A view is one file in
 * this folder exporting a ConsoleView; add it here, one line, in its place.
 */
export const VIEWS: readonly ConsoleView[] = [
  overviewView,
  registrationsView,
  submissionsView,
  reviewsView,
  agendaView,
  releasesView,
  announcementsView,
  dayView,
  webhooksView,
  auditView,
];
