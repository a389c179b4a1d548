import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from '#functions/http/encoding.ts';

describe('Accept-Encoding (RFC 9110 12.5.3)', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['gzip;q=0.001', 'gzip'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['identity', 'identity'],
    ['identity;q=1, gzip;q=0.5', 'identity'],
    ['deflate', 'identity'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br;q=0.9, br;q=0', 'br'],
    ['gzip;q=bogus', 'gzip'],
    [`${'a, '.repeat(400)}br`, 'identity'],
  ])('%j gives %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
