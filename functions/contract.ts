/**
 * What the runtime and the stack must agree on, in one dependency-free module: `infra/` imports
 * this and nothing else from `functions/`, so that `cdk synth` loads no Hono and no AWS SDK.
 */

/** The table's keys. They are generic because the table holds several entities. */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** Lists registrations by status in creation order (see registration-store.ts). */
export const STATUS_INDEX = { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } as const;

/** Epoch seconds after which DynamoDB deletes an item (registrations, idempotency records). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Outbox events live in partitions with this prefix; the table's stream is filtered to them. */
export const EVENTS_PREFIX = 'EVENTS#';

/** Attendee messages wait in partitions with this prefix; the table's stream carries them too. */
export const MAIL_PREFIX = 'MAIL#';

/**
 * The log message of an attendee message given up (refused for good, or no use any more): the
 * stack counts these lines with a metric filter and alarms on them.
 */
export const MAIL_GIVEN_UP = 'mail given up';

/**
 * The private join URLs live in partitions with this prefix (functions/data/editions/online-access.ts); the
 * public function's role is denied every read of them.
 */
export const ONLINE_ACCESS_PREFIX = 'ONLINE#';

/** The Cognito group whose members may use the /admin routes. */
export const ORGANIZERS_GROUP = 'organizers';

/**
 * The Cognito group of the people who review submissions: the submissions routes under /admin
 * (the cfp function's) accept it beside organizers; every other /admin route refuses it.
 */
export const REVIEWERS_GROUP = 'reviewers';

/** The /admin paths of the call for papers' reviews and decisions (the cfp function's). */
export const isSubmissionsAdminPath = (path: string) =>
  /^\/admin\/editions\/[^/]+\/submissions(?:\/|$)/.test(path);

/**
 * What browsers may send and read across origins: one list for the local server (Hono's cors)
 * and for API Gateway. PUT and PATCH with If-Match are the organizer API's edits.
 */
export const CORS_SETTINGS = {
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['content-type', 'authorization', 'idempotency-key', 'if-match', 'if-none-match'],
  exposeHeaders: ['etag', 'retry-after', 'location'],
  maxAge: 86_400,
} as const;

/**
 * The header CloudFront adds to every request it sends the API (its value: the stack's origin
 * secret in Secrets Manager). Functions behind a front door answer 403 without it, so that the
 * execute-api URL, which bypasses CloudFront and its web ACL, serves nothing.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * Partition key prefixes the public function reads (functions/data/table/keys.ts): the catalog, the
 * editions and their published documents, people, the live layer, the release feed and the seat
 * counters. Its role may touch no other partition (dynamodb:LeadingKeys): no registrant, no
 * join URL, no audit entry.
 */
export const PUBLIC_PARTITIONS = [
  'CATALOG',
  'EDITION#',
  'SNAPSHOT#',
  'PERSON#',
  'LIVE#',
  'RELEASES#',
  'SEATS#',
] as const;

/**
 * Partition key prefixes the editor function touches (functions/organizers/editor/): the draft
 * and its join URLs, the audit trail, and what a release writes: the published edition (its
 * partitions, the release feed, the live layer it reconciles, the seat counter), the registrants
 * a new capacity promotes or its schedule notice tells, the confirmed submissions whose speakers
 * it tells too (read), the mail and event outboxes and the notice in between. No webhook,
 * announcement, check-in, review or speaker address (test/integration/organizers/editor-partitions).
 */
export const EDITOR_PARTITIONS = [
  ...PUBLIC_PARTITIONS,
  'DRAFT#',
  'AUDIT#',
  ONLINE_ACCESS_PREFIX,
  'REG#',
  'SUBMISSIONS#',
  MAIL_PREFIX,
  EVENTS_PREFIX,
  'NOTICE#',
] as const;

/**
 * The organizers' list (`-c organizersMail`, ORGANIZERS_MAIL on the organizers function): told of
 * every registrations export and new webhook. Comma-separated addresses; throws on a bad one.
 */
export function organizersMailList(value: string | undefined): string[] {
  const addresses = (value ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
  for (const address of addresses) {
    if (!/^[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+$/.test(address))
      throw new Error(`organizersMail: "${address}" is not an email address.`);
  }
  return addresses;
}

/** A variable the stack sets on every function that needs it; missing means a broken deploy. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set.`);
  return value;
}
