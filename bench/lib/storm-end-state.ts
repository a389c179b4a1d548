import type { RegistrationRecord } from '#functions/data/registrations/registration-items.ts';

/**
 * What a cancellation storm's end state must be, checked against the table (bench/cancel-storm.ts
 * and its integration test): each rule it breaks, as a sentence; none when exact.
 */

/** A queued message: its kind and whom it is about. */
export interface QueuedKind {
  kind: string;
  registrationId: string;
}

export interface StormEndState {
  /** Every registration of the edition, as stored. */
  records: RegistrationRecord[];
  counter: { confirmed: number; waitlisted: number } | undefined;
  /** Every message queued for the edition. */
  mails: QueuedKind[];
  capacity: number;
  /** Who cancelled (once each, whatever the repeats). */
  leaving: { id: string }[];
  /** The waiting who stayed, in the order they joined the list. */
  stayingWaiting: { id: string }[];
}

export function stormFaults({
  records,
  counter,
  mails,
  capacity,
  leaving,
  stayingWaiting,
}: StormEndState): string[] {
  const faults: string[] = [];
  const byId = new Map(records.map((record) => [record.id, record]));
  const withStatus = (status: string) => records.filter((record) => record.status === status);
  const times = (record: RegistrationRecord, status: string) =>
    record.history.filter((entry) => entry.status === status).length;
  const confirmed = withStatus('confirmed').length;
  const waitlisted = withStatus('waitlisted').length;
  if (waitlisted > 0 && confirmed !== capacity)
    faults.push(`${confirmed} confirmed of ${capacity} seats while ${waitlisted} wait`);
  if (counter?.confirmed !== confirmed || counter.waitlisted !== waitlisted)
    faults.push(`the counter ${JSON.stringify(counter)} is not ${confirmed}/${waitlisted}`);
  if (records.some((record) => times(record, 'confirmed') > 1))
    faults.push('someone was confirmed twice');
  const cancelledOnce = leaving.filter((person) => {
    const record = byId.get(person.id);
    return (
      record?.status === 'cancelled' &&
      times(record, 'cancelled') === 1 &&
      record.name === undefined &&
      record.email === undefined
    );
  });
  if (cancelledOnce.length !== leaving.length || withStatus('cancelled').length !== leaving.length)
    faults.push(`${cancelledOnce.length} of ${leaving.length} who left are cancelled once`);
  // A waiting person promoted before their own cancellation came frees the seat again.
  const promotions = records.filter(
    (record) => record.history[0]?.status === 'waitlisted' && times(record, 'confirmed') === 1,
  );
  const freed = withStatus('cancelled').filter((record) => times(record, 'confirmed') === 1);
  if (promotions.length !== freed.length)
    faults.push(`${promotions.length} promotions for ${freed.length} seats freed`);
  // The seats freed went to the waiting who stayed, oldest first.
  const seatsGiven =
    freed.length - promotions.filter((record) => record.status === 'cancelled').length;
  if (
    stayingWaiting
      .slice(0, seatsGiven)
      .some((person) => byId.get(person.id)?.status !== 'confirmed')
  )
    faults.push('a seat went past someone who waited longer');
  // Each change queues its message once: a registration's, a cancellation's, a promotion's.
  const mailed = new Set<string>();
  for (const { kind, registrationId } of mails) {
    const key = `${kind} ${registrationId}`;
    if (mailed.has(key)) faults.push(`"${kind}" queued twice for one registration`);
    mailed.add(key);
  }
  const changes = records.length + leaving.length + promotions.length;
  if (mails.length !== changes)
    faults.push(`${mails.length} messages queued for ${changes} changes`);
  return faults;
}
