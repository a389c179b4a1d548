import { createHmac } from 'node:crypto';

/**
 * A registration's manage token is derived from the service's secret key and the registration's
 * id, not drawn at random: the messages sent later (a promotion, the reminder, an announcement)
 * carry the same manage link as the 201, although the registration stores only the token's
 * SHA-256. Whoever holds the key can make any token; the functions that hold it (registrations,
 * organizers, the mail sender) can already read or cancel any registration.
 */
export function manageToken(secretKey: string, year: number, registrationId: string): string {
  const tokenKey = createHmac('sha256', secretKey).update('manage-token').digest();
  return createHmac('sha256', tokenKey).update(`${year}:${registrationId}`).digest('base64url');
}

/** The manage page of a registration: the token rides in the fragment, never sent to a server. */
export const manageUrl = (publicUrl: string, year: number, registrationId: string, token: string) =>
  `${publicUrl}/${year}/manage#id=${registrationId}&token=${token}`;
