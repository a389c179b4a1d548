import { describe, expect, it } from 'vitest';
import { registrationIdOf, registrationSk, registrationsPk } from '#functions/data/table/keys.ts';
import { nextPosition, startAfter } from '#functions/data/table/page.ts';
import { InvalidRequestError } from '#shared/errors.ts';

const ULID = '01hzx3n6q8r9s0t1v2w3x4y5z6';
const keyOf = (position: string) => ({ pk: registrationsPk(2030), sk: registrationSk(position) });

describe('positions of paged lists', () => {
  it('starts the first page at the beginning of the list', () => {
    expect(startAfter(undefined, keyOf)).toEqual({});
  });

  it('continues after the item a position names, with a key the store builds', () => {
    expect(startAfter(ULID, keyOf)).toEqual({
      ExclusiveStartKey: { pk: 'REG#2030', sk: `REG#${ULID}` },
    });
  });

  it.each([
    ['an empty position', ''],
    ['a sort key of another entity', 'EMAIL#0'],
    ['a position of 1,100 characters', '0'.repeat(1100)],
    ['a ULID with a letter ULIDs never use', `${ULID.slice(0, 25)}u`],
  ])('refuses %s as a 400 naming cursor, before any key is built', (_case, position) => {
    const built: string[] = [];
    const start = () =>
      startAfter(position, (p) => {
        built.push(p);
        return keyOf(p);
      });
    expect(start).toThrow(InvalidRequestError);
    expect(start).toThrow(
      expect.objectContaining({
        errors: [expect.objectContaining({ name: 'cursor', in: 'query' })],
      }),
    );
    expect(built).toEqual([]);
  });

  it('reads the next position from the last evaluated key, and none on the last page', () => {
    expect(nextPosition({ pk: 'REG#2030', sk: registrationSk(ULID) }, registrationIdOf)).toBe(ULID);
    expect(nextPosition(undefined, registrationIdOf)).toBeNull();
  });
});
