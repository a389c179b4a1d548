import { scheduleNotice } from '#shared/draft/schedule-notice.ts';
import { onlineAccess } from '#shared/edition/online.ts';
import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { announcementMessage } from '#shared/mail/announcement.ts';
import { joinLinkChangedMessage } from '#shared/mail/join-link.ts';
import type { MailContent } from '#shared/mail/message.ts';
import {
  cancelledMessage,
  confirmedMessage,
  promotedMessage,
  waitlistedMessage,
} from '#shared/mail/registration.ts';
import { reminderMessage } from '#shared/mail/reminder.ts';
import { scheduleChangedMessage } from '#shared/mail/schedule-change.ts';
import { editionWith, endAt, session } from '../editions.ts';

/**
 * Every attendee message, for one addressee, from plain data: the template tests and the
 * MailDev test send the same set. Join URLs carry "private-join-", which no log line may hold.
 */

export const PUBLIC_URL = 'https://workshop.example';
export const JOIN_URL = 'https://meet.example.org/j/private-join-edition';
export const SESSION_URL = 'https://lab.example.org/private-join-session-two';

export function hybridSource(overrides: Partial<EditionSource> = {}): EditionSource {
  return editionWith(
    [
      session('one', 30),
      {
        ...session('two', 30),
        location: { mode: 'online', stream: { url: SESSION_URL, room: 'Lab room' } },
      },
      endAt('10:00'),
    ],
    {
      venue: undefined,
      location: {
        mode: 'hybrid',
        venue: 'Test Venue',
        room: 'Hall 1',
        stream: { url: JOIN_URL, room: 'Workshop stream' },
      },
      ...overrides,
    },
  );
}

export interface Addressee {
  name: string;
  manageUrl: string;
}

export const ADA: Addressee = {
  name: 'Ada Lovelace',
  manageUrl: `${PUBLIC_URL}/2030/manage#id=01ADA&token=ada-token`,
};

export const GRACE: Addressee = {
  name: 'Grace Hopper',
  manageUrl: `${PUBLIC_URL}/2030/manage#id=01GRACE&token=grace-token`,
};

export type MessageKind =
  | 'confirmed'
  | 'waitlisted'
  | 'promoted'
  | 'cancelled'
  | 'reminder'
  | 'announcement'
  | 'join-link-changed'
  | 'schedule-changed';

export const MESSAGE_KINDS: MessageKind[] = [
  'confirmed',
  'waitlisted',
  'promoted',
  'cancelled',
  'reminder',
  'announcement',
  'join-link-changed',
  'schedule-changed',
];

/** The release before `source`'s, as a notice sees it: every slot an hour later than now. */
function anHourLater(source: EditionSource) {
  const edition = publishEdition(source);
  const later = (iso: string) =>
    `${iso.slice(0, 11)}${String(Number(iso.slice(11, 13)) + 1).padStart(2, '0')}${iso.slice(13)}`;
  return {
    ...edition,
    slots: edition.slots.map((slot) => ({
      ...slot,
      start: later(slot.start),
      end: later(slot.end),
    })),
  };
}

export function messageOf(
  kind: MessageKind,
  source: EditionSource,
  addressee: Addressee = ADA,
  announcement = { subject: 'Room change', text: 'We moved to Hall 2.\nSee you there.' },
): MailContent {
  const base = { edition: publishEdition(source), publicUrl: PUBLIC_URL, name: addressee.name };
  const managed = { ...base, manageUrl: addressee.manageUrl };
  switch (kind) {
    case 'confirmed':
      return confirmedMessage({ ...managed, online: onlineAccess(source) });
    case 'promoted':
      return promotedMessage({ ...managed, online: onlineAccess(source) });
    case 'waitlisted':
      return waitlistedMessage({ ...managed, position: 4 });
    case 'cancelled':
      return cancelledMessage(base);
    case 'reminder':
      return reminderMessage(managed);
    case 'announcement':
      return announcementMessage({ ...managed, announcement });
    case 'join-link-changed':
      return joinLinkChangedMessage({ ...managed, online: onlineAccess(source) });
    case 'schedule-changed': {
      const notice = scheduleNotice(anHourLater(source), publishEdition(source));
      if (!notice) throw new Error('Every talk moved an hour.');
      return scheduleChangedMessage({
        ...managed,
        online: onlineAccess(source),
        notice,
        release: 2,
      });
    }
  }
}
