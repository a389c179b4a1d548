import type { OnlineAccessStore } from '#functions/data/editions/online-access.ts';
import type { MailOutbox, MailSink } from '#functions/data/mail/mail-outbox.ts';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { log } from '#functions/log.ts';
import { joinUrlsChanged } from '#shared/edition/online.ts';
import { joinLinkMailId, type QueuedMail, queuedMail } from '#shared/mail/queued.ts';

/**
 * The join URL follows releases only. PUT …/draft keeps the draft's URLs apart (DRAFT in
 * online-access.ts); a release makes them the ones confirmed registrants get, and, when a URL
 * changed, came or went, queues one 'join-link-changed' message per confirmed registrant (ids
 * derived from the release's number: queued once each). A release interrupted before all are
 * queued leaves the change marked unannounced; the next release attempt finishes it first.
 */

export interface JoinLinkDependencies {
  onlineAccess: Pick<
    OnlineAccessStore,
    'get' | 'put' | 'getPending' | 'unannounced' | 'markUnannounced' | 'markAnnounced'
  >;
  registrations: Pick<RegistrationStore, 'allRegistrations'>;
  mailOutbox: Pick<MailOutbox, 'queue'>;
  mails: MailSink;
}

/** What a release did to the join URL: the release's answer says it. */
export interface JoinUrlOutcome {
  changed: boolean;
  /** Confirmed registrants the new link is mailed to. */
  notified: number;
}

/** The URLs the draft has: the ones it was given, or else the released ones. */
export async function draftOnlineAccess(dependencies: JoinLinkDependencies, year: number) {
  const { onlineAccess } = dependencies;
  return (await onlineAccess.getPending(year)) ?? (await onlineAccess.get(year, true));
}

/** Whether the draft's URLs differ from the released ones: a release is due for them alone. */
export async function joinLinkPending(dependencies: JoinLinkDependencies, year: number) {
  const { onlineAccess } = dependencies;
  const pending = await onlineAccess.getPending(year);
  if (!pending) return false;
  const released = await onlineAccess.get(year, true);
  return JSON.stringify(pending) !== JSON.stringify(released ?? { sessions: [] });
}

async function announce(
  dependencies: JoinLinkDependencies,
  year: number,
  release: number,
  now: Date,
): Promise<number> {
  const confirmed = (await dependencies.registrations.allRegistrations(year)).filter(
    (registration) => registration.status === 'confirmed',
  );
  const queued: QueuedMail[] = [];
  for (const registration of confirmed) {
    const mail = {
      ...queuedMail('join-link-changed', year, registration.id, now),
      id: joinLinkMailId(release, registration.id),
    };
    if (await dependencies.mailOutbox.queue(mail)) queued.push(mail);
  }
  await dependencies.onlineAccess.markAnnounced(year);
  dependencies.mails.committed(queued);
  log.info('join link change queued', { year, release, recipients: confirmed.length });
  return confirmed.length;
}

/** Finishes the messages of a release that changed the URLs but was interrupted before. */
export async function finishUnannounced(
  dependencies: JoinLinkDependencies,
  year: number,
  now: Date,
): Promise<void> {
  const release = await dependencies.onlineAccess.unannounced(year);
  if (release !== undefined) await announce(dependencies, year, release, now);
}

/**
 * Makes the draft's URLs the released ones with `release`; mails registrants when one changed,
 * unless the release's schedule notice, which carries the links to the confirmed, tells them
 * (`inScheduleNotice`: one message, not two).
 */
export async function releaseJoinLink(
  dependencies: JoinLinkDependencies,
  year: number,
  release: number,
  now: Date,
  inScheduleNotice = false,
): Promise<JoinUrlOutcome> {
  const { onlineAccess } = dependencies;
  const pending = await onlineAccess.getPending(year);
  if (!pending) return { changed: false, notified: 0 };
  const released = await onlineAccess.get(year, true);
  if (!joinUrlsChanged(released, pending)) {
    // Room names only (public anyway): nobody needs a message.
    await onlineAccess.put(year, pending);
    return { changed: false, notified: 0 };
  }
  if (inScheduleNotice) {
    await onlineAccess.put(year, pending);
    const registrations = await dependencies.registrations.allRegistrations(year);
    const confirmed = registrations.filter((registration) => registration.status === 'confirmed');
    return { changed: true, notified: confirmed.length };
  }
  // Marked before the URLs change: whoever sees the new URLs can finish the messages.
  await onlineAccess.markUnannounced(year, release);
  await onlineAccess.put(year, pending);
  return { changed: true, notified: await announce(dependencies, year, release, now) };
}
