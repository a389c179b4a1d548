import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CURSOR_PATTERN,
  createCursors,
  cursorKey,
  MAX_CURSOR_LENGTH,
} from '#functions/http/cursor.ts';
import { InvalidRequestError } from '#shared/errors.ts';

const cursors = createCursors(cursorKey('test secret'));
const SCOPE = 'registrations/2030/all';
const ID = '01hzzzzzzzzzzzzzzzzzzzzzzz';

function refusal(scope: string, cursor: string) {
  try {
    cursors.position(scope, cursor);
  } catch (error) {
    if (error instanceof InvalidRequestError) return error.errors;
    throw error;
  }
  throw new Error('expected the cursor to be refused');
}

describe('list cursors', () => {
  it('name the position they were made for, in the list they were made for', () => {
    const cursor = cursors.after(SCOPE, ID);
    expect(cursor).toMatch(CURSOR_PATTERN);
    expect(cursors.position(SCOPE, cursor)).toBe(ID);
  });

  it('fit the documented bound for the longest position, a slug id of 100 characters', () => {
    const cursor = cursors.after('talks/2030', 'a'.repeat(100));
    expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(cursor).toMatch(CURSOR_PATTERN);
  });

  it.each([
    ['another edition', 'registrations/2020/all'],
    ['another status', 'registrations/2030/confirmed'],
    ['another list', 'audit/2030'],
  ])('are refused on %s with a 400 naming cursor', (_case, scope) => {
    expect(refusal(scope, cursors.after(SCOPE, ID))).toEqual([
      { name: 'cursor', in: 'query', detail: expect.stringContaining('nextCursor') },
    ]);
  });

  it('are refused when made with another key', () => {
    const foreign = createCursors(cursorKey('another secret')).after(SCOPE, ID);
    expect(refusal(SCOPE, foreign)[0]?.name).toBe('cursor');
  });

  it('are refused after any change of one character', () => {
    const cursor = cursors.after(SCOPE, ID);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(
        fc.nat({ max: cursor.length - 1 }),
        fc.constantFrom(...alphabet),
        (at, character) => {
          fc.pre(cursor[at] !== character);
          const tampered = `${cursor.slice(0, at)}${character}${cursor.slice(at + 1)}`;
          expect(refusal(SCOPE, tampered)[0]?.name).toBe('cursor');
        },
      ),
    );
  });

  it.each([
    ['empty', ''],
    ['no MAC', Buffer.from(ID).toString('base64url')],
    ['a forged key', Buffer.from('{"pk":"REG#2030","sk":"EMAIL#0"}').toString('base64url')],
    ['too long', `${'A'.repeat(5000)}.${'A'.repeat(43)}`],
    ['not base64url', `${ID}!.${'A'.repeat(43)}`],
    ['a NUL', `AA\u0000.${'A'.repeat(43)}`],
  ])('are refused when %s', (_case, cursor) => {
    expect(refusal(SCOPE, cursor)[0]?.name).toBe('cursor');
  });

  it('are refused for any string that is not one, whatever it is', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (cursor) => {
        expect(refusal(SCOPE, cursor)[0]?.name).toBe('cursor');
      }),
    );
  });
});
