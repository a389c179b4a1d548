import type { OnlineAccessStore } from '#functions/data/editions/online-access.ts';
import type {
  RegistrationRecord,
  RegistrationStore,
} from '#functions/data/registrations/registration-store.ts';
import type { OnlineAccess } from '#shared/edition/online.ts';
import { NotFoundError } from '#shared/errors.ts';
import { checkInCode } from '#shared/registration/check-in-code.ts';
import { tokenMatches } from './secrets.ts';

/**
 * One's own registration, as its manage token opens it: the read the registration service and
 * the function's front (front.ts) share. It needs the registration reads alone, none of what
 * registering or cancelling writes.
 */

export interface RegistrantView {
  id: string;
  edition: number;
  status: RegistrationRecord['status'];
  waitlistPosition?: number;
  name?: string;
  email?: string;
  affiliation?: string;
  audience: string;
  registeredAt: string;
  confirmedAt?: string;
  cancelledAt?: string;
  history: RegistrationRecord['history'];
  /** The stream or meeting URLs: only while the registration is confirmed. */
  online?: OnlineAccess;
  /** What to show at the door (also as a QR code): only while the registration is confirmed. */
  checkInCode?: string;
  checkedInAt?: string;
}

export interface RegistrantDependencies {
  registrations: Pick<RegistrationStore, 'getRegistration' | 'waitlistPosition'>;
  /** The private join URLs (online-access.ts), read for confirmed registrants only. */
  onlineAccess: Pick<OnlineAccessStore, 'get'>;
  /** The check-in code's key (the email HMAC key). */
  emailHashKey: string;
}

export function createRegistrantReader({
  registrations,
  onlineAccess,
  emailHashKey,
}: RegistrantDependencies) {
  /** The registration, if the token is its manage token; otherwise the same 404 as for no id. */
  async function own(year: number, id: string, token: string | undefined) {
    const record = token ? await registrations.getRegistration(year, id) : undefined;
    if (!record || !token || !tokenMatches(token, record.tokenHash)) {
      throw new NotFoundError('There is no registration with this id and manage token.');
    }
    return record;
  }

  /** What the registrant sees of a registration of theirs. */
  async function view(record: RegistrationRecord): Promise<RegistrantView> {
    const [position, online] = await Promise.all([
      record.status === 'waitlisted' ? registrations.waitlistPosition(record) : undefined,
      // Waiting or cancelled registrants never get the join URL; nor does an answer on cancelling.
      record.status === 'confirmed' ? onlineAccess.get(record.year) : undefined,
    ]);
    return {
      ...registrantView(record, position),
      ...(online ? { online } : {}),
      ...(record.status === 'confirmed'
        ? { checkInCode: checkInCode(emailHashKey, record.id) }
        : {}),
    };
  }

  return {
    own,
    view,
    get: async (year: number, id: string, token: string | undefined) =>
      view(await own(year, id, token)),
  };
}

export type RegistrantReader = ReturnType<typeof createRegistrantReader>;

function registrantView(record: RegistrationRecord, waitlistPosition?: number): RegistrantView {
  return {
    id: record.id,
    edition: record.year,
    status: record.status,
    ...(waitlistPosition === undefined ? {} : { waitlistPosition }),
    ...(record.name === undefined ? {} : { name: record.name }),
    ...(record.email === undefined ? {} : { email: record.email }),
    ...(record.affiliation === undefined ? {} : { affiliation: record.affiliation }),
    audience: record.audience,
    registeredAt: record.createdAt,
    ...(record.confirmedAt === undefined ? {} : { confirmedAt: record.confirmedAt }),
    ...(record.cancelledAt === undefined ? {} : { cancelledAt: record.cancelledAt }),
    ...(record.checkedInAt === undefined ? {} : { checkedInAt: record.checkedInAt }),
    history: record.history,
  };
}
