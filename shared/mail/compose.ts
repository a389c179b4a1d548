import type { OnlineAccess } from '../edition/online.ts';
import type { PublishedEdition } from '../edition/published.ts';
import { announcementMessage } from './announcement.ts';
import { joinLinkChangedMessage } from './join-link.ts';
import type { MailContent } from './message.ts';
import { organizerNoticeMessage } from './organizer-notice.ts';
import type { QueuedMail } from './queued.ts';
import {
  cancelledMessage,
  confirmedMessage,
  promotedMessage,
  waitlistedMessage,
} from './registration.ts';
import { reminderMessage } from './reminder.ts';
import { scheduleChangedMessage } from './schedule-change.ts';
import {
  type SubmissionMailContext,
  submissionReceivedMessage,
  talkChangedMessage,
} from './submission.ts';
import { type SubmissionDecidedContext, submissionDecidedMessage } from './submission-decided.ts';

/** Everything a queued message is written from, read when it is sent. */
export interface ComposeContext {
  edition: PublishedEdition;
  publicUrl: string;
  /** The addressee's own name. */
  name: string;
  manageUrl: string;
  /**
   * The private join URLs, for the messages that give a confirmed person their seat or a new link,
   * and a confirmed person's schedule notice.
   */
  online?: OnlineAccess;
  /** The door code, for the messages that give a confirmed person their seat. */
  checkInCode?: string;
  announcement?: { subject: string; text: string };
  /** A message about a submission (kind submission-received): what it says of it; `manageUrl` is its link. */
  submission?: Pick<SubmissionMailContext, 'submission' | 'closes'>;
  /** A decision on a submission (kind submission-decided), read when it is sent. */
  decided?: SubmissionDecidedContext['submission'];
}

/** A queued message, written: the template its kind names. */
export function composeMail(mail: QueuedMail, context: ComposeContext): MailContent {
  const { edition, publicUrl, name, manageUrl, online, checkInCode } = context;
  const managed = { edition, publicUrl, name, manageUrl };
  const seat = {
    ...managed,
    ...(online ? { online } : {}),
    ...(checkInCode ? { checkInCode } : {}),
  };
  switch (mail.kind) {
    case 'confirmed':
      return confirmedMessage(seat);
    case 'promoted':
      return promotedMessage(seat);
    case 'waitlisted':
      return waitlistedMessage({ ...managed, position: mail.waitlistPosition ?? 0 });
    case 'cancelled':
      return cancelledMessage({ edition, publicUrl, name });
    case 'reminder':
      return reminderMessage(managed);
    case 'join-link-changed':
      return joinLinkChangedMessage({ ...managed, ...(online ? { online } : {}) });
    case 'schedule-changed': {
      if (!mail.schedule) throw new Error(`Message ${mail.id} has no schedule notice.`);
      return scheduleChangedMessage({
        ...managed,
        ...(online ? { online } : {}),
        notice: mail.schedule.notice,
        release: mail.schedule.release,
      });
    }
    case 'announcement': {
      if (!context.announcement) throw new Error(`Message ${mail.id} has no announcement.`);
      return announcementMessage({ ...managed, announcement: context.announcement });
    }
    case 'organizer-notice': {
      if (!mail.notice) throw new Error(`Message ${mail.id} has no notice.`);
      return organizerNoticeMessage({ edition, publicUrl, name }, mail.notice);
    }
    case 'submission-received': {
      if (!context.submission) throw new Error(`Message ${mail.id} has no submission.`);
      return submissionReceivedMessage({ ...managed, ...context.submission });
    }
    case 'submission-decided': {
      if (!context.decided) throw new Error(`Message ${mail.id} has no decision.`);
      return submissionDecidedMessage({ edition, publicUrl, name, submission: context.decided });
    }
    case 'talk-changed': {
      if (!mail.talk) throw new Error(`Message ${mail.id} has no talk.`);
      return talkChangedMessage({ edition, publicUrl, name, manageUrl, talk: mail.talk });
    }
  }
}
