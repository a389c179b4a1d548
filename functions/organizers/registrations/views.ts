import type { RegistrationRecord } from '#functions/data/registrations/registration-store.ts';

/** Registrations as organizers see them: the list, the CSV, one person's record. */

export interface OrganizerRegistration {
  id: string;
  status: RegistrationRecord['status'];
  waitlistPosition: number | null;
  name: string | null;
  email: string | null;
  affiliation: string | null;
  audience: string;
  registeredAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
  /** Why messages to this address cannot be delivered (a bounce, a refusal, a complaint). */
  mailUndeliverable: string | null;
  checkedInAt: string | null;
}

export function organizerView(
  record: RegistrationRecord,
  positions: ReadonlyMap<string, number>,
): OrganizerRegistration {
  return {
    id: record.id,
    status: record.status,
    waitlistPosition: positions.get(record.id) ?? null,
    name: record.name ?? null,
    email: record.email ?? null,
    affiliation: record.affiliation ?? null,
    audience: record.audience,
    registeredAt: record.createdAt,
    confirmedAt: record.confirmedAt ?? null,
    cancelledAt: record.cancelledAt ?? null,
    mailUndeliverable: record.mailUndeliverable?.reason ?? null,
    checkedInAt: record.checkedInAt ?? null,
  };
}

export const CSV_COLUMNS: (keyof OrganizerRegistration)[] = [
  'id',
  'status',
  'waitlistPosition',
  'name',
  'email',
  'affiliation',
  'audience',
  'registeredAt',
  'confirmedAt',
  'cancelledAt',
  'mailUndeliverable',
  'checkedInAt',
];

/** Text as a search compares it: composed, in lower case (any script), blanks trimmed. */
export const searchText = (text: string) => text.normalize('NFC').toLowerCase().trim();

/** Whether a registration's name, email or affiliation contains `needle` (from `searchText`). */
export function matchesSearch(record: RegistrationRecord, needle: string): boolean {
  return [record.name, record.email, record.affiliation].some(
    (field) => field !== undefined && searchText(field).includes(needle),
  );
}
