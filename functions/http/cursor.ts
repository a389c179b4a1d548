import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { InvalidRequestError } from '#shared/errors.ts';

/**
 * List cursors: the position of the last item of a page (an id), bound to the list it came from
 * by an HMAC over the list's scope and the position. The scope names the list: its kind, edition
 * and filters, never the page size. A cursor from another list, edition or filter, a forged or
 * tampered one fails the MAC and is a 400 naming `cursor`, before anything reaches DynamoDB; the
 * position a valid cursor names was written by the server.
 *
 * Cursor text: base64url(position) "." base64url(HMAC-SHA256(key, scope NUL position)).
 *
 * This is the only cursor codec: the stores take and give back positions, and turn a position
 * into DynamoDB's start key themselves (functions/data/table/page.ts).
 */

const MAC_CHARACTERS = 43;
/** Positions are ids (slugs of at most 100 characters, ULIDs, years): 136 base64url characters. */
const MAX_POSITION_CHARACTERS = 136;
export const MAX_CURSOR_LENGTH = MAX_POSITION_CHARACTERS + 1 + MAC_CHARACTERS;
export const CURSOR_PATTERN = new RegExp(
  `^[A-Za-z0-9_-]{1,${MAX_POSITION_CHARACTERS}}\\.[A-Za-z0-9_-]{${MAC_CHARACTERS}}$`,
);

export const CURSOR_DETAIL = 'expected a nextCursor from a previous page of this list';

/** The `cursor` query parameter: length and shape; the MAC is checked where the scope is known. */
export const cursorParameter = z
  .string()
  .check(
    z.maxLength(MAX_CURSOR_LENGTH, { error: CURSOR_DETAIL, abort: true }),
    z.regex(CURSOR_PATTERN, CURSOR_DETAIL),
  );

export interface Cursors {
  /** The cursor of the page after `position` in the list `scope`. */
  after(scope: string, position: string): string;
  /** The position a cursor of the list `scope` names; anything else is a 400 naming `cursor`. */
  position(scope: string, cursor: string): string;
}

const invalidCursor = () =>
  new InvalidRequestError([{ name: 'cursor', in: 'query', detail: CURSOR_DETAIL }]);

export function createCursors(key: string | Buffer): Cursors {
  const mac = (scope: string, position: string) =>
    createHmac('sha256', key).update(`${scope}\u0000${position}`).digest();
  return {
    after(scope, position) {
      return `${Buffer.from(position).toString('base64url')}.${mac(scope, position).toString('base64url')}`;
    },
    position(scope, cursor) {
      if (cursor.length > MAX_CURSOR_LENGTH || !CURSOR_PATTERN.test(cursor)) throw invalidCursor();
      const [encoded = '', signature = ''] = cursor.split('.');
      const position = Buffer.from(encoded, 'base64url').toString('utf8');
      // Compared as text: base64url has spare bits, and only the server's own spelling counts.
      const presented = Buffer.from(signature);
      const expected = Buffer.from(mac(scope, position).toString('base64url'));
      if (
        Buffer.from(position).toString('base64url') !== encoded ||
        presented.length !== expected.length ||
        !timingSafeEqual(presented, expected)
      ) {
        throw invalidCursor();
      }
      return position;
    },
  };
}

/** The key of organizer list cursors, derived from a server secret (the email HMAC key). */
export function cursorKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('workshop list cursors v1').digest();
}

/**
 * Public lists are pages of published data held in memory: their cursors are bound to the list
 * the same way, with a key that is not a secret. A forger could only name another item of the
 * same public list; the position is looked up among the list's ids and never reaches DynamoDB.
 */
export const publicCursors = createCursors('public list cursors: binding, not secrecy');
