import { createHmac } from 'node:crypto';

/**
 * A submission's private link, as a registration's (shared/registration/manage-link.ts): the
 * token is derived from the service's secret and the submission's id, so that every message to
 * its speakers (receipt, decision) carries the same link while the submission keeps only the
 * token's SHA-256. Another purpose than registrations': one token never opens the other.
 */
export function submissionToken(secretKey: string, year: number, submissionId: string): string {
  const tokenKey = createHmac('sha256', secretKey).update('submission-token').digest();
  return createHmac('sha256', tokenKey).update(`${year}:${submissionId}`).digest('base64url');
}

/** The speakers' page of a submission: the token rides in the fragment, never sent to a server. */
export const submissionUrl = (
  publicUrl: string,
  year: number,
  submissionId: string,
  token: string,
) => `${publicUrl}/${year}/submission#id=${submissionId}&token=${token}`;
