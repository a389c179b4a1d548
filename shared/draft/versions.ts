import { createHash } from 'node:crypto';

/**
 * A draft resource's version: a hash of its content. The HTTP layer shows it as a strong ETag
 * and reads it back from If-Match; an edit names the versions it was made on.
 */
export function resourceVersion(resource: unknown): string {
  return createHash('sha256').update(JSON.stringify(resource)).digest('base64url').slice(0, 27);
}

/** The versions an edit was made on: any (`*`), or a list. Absent means none was named. */
export type ExpectedVersions = '*' | readonly string[];
