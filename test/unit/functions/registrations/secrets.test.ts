import { describe, expect, it } from 'vitest';
import {
  emailKey,
  hashToken,
  idempotencyKeyHash,
  newRegistrationId,
  openReply,
  REGISTRATION_ID_PATTERN,
  requestFingerprint,
  sealReply,
  tokenMatches,
} from '#functions/registrations/secrets.ts';
import { manageToken, manageUrl } from '#shared/registration/manage-link.ts';

describe('manage tokens', () => {
  const id = newRegistrationId(new Date('2030-05-01T12:00:00Z'));

  it('carry 256 bits, are the same for one registration and key, and are stored only as a hash', () => {
    const token = manageToken('key', 2030, id);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(manageToken('key', 2030, id)).toBe(token);
    expect(manageToken('other key', 2030, id)).not.toBe(token);
    expect(manageToken('key', 2031, id)).not.toBe(token);
    expect(manageToken('key', 2030, newRegistrationId(new Date()))).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });

  it('match only their own hash', () => {
    const token = manageToken('key', 2030, id);
    expect(tokenMatches(token, hashToken(token))).toBe(true);
    expect(tokenMatches(manageToken('other key', 2030, id), hashToken(token))).toBe(false);
    expect(tokenMatches(token, 'short')).toBe(false);
  });

  it('ride in the fragment of the manage link', () => {
    expect(manageUrl('https://w.example', 2030, id, 'tok')).toBe(
      `https://w.example/2030/manage#id=${id}&token=tok`,
    );
  });
});

describe('email keys', () => {
  it('are the same however the address is typed, and differ by secret', () => {
    expect(emailKey('k', ' Ada@Example.ORG ')).toBe(emailKey('k', 'ada@example.org'));
    expect(emailKey('k', 'ada@example.org')).not.toBe(emailKey('other', 'ada@example.org'));
    expect(emailKey('k', 'ada@example.org')).not.toContain('ada');
  });
});

describe('idempotent replies', () => {
  it('open with the key that sealed them, and with no other', () => {
    const sealed = sealReply('key-1', '{"manageToken":"secret"}');
    expect(sealed).not.toContain('secret');
    expect(openReply('key-1', sealed)).toBe('{"manageToken":"secret"}');
    expect(() => openReply('key-2', sealed)).toThrow();
  });

  it('fingerprint a body whatever its key order, and tell other bodies apart', () => {
    const body = { name: 'Ada', email: 'ada@example.org', consent: true };
    const reordered = { consent: true, email: 'ada@example.org', name: 'Ada' };
    expect(requestFingerprint('k', body)).toBe(requestFingerprint('k', reordered));
    expect(requestFingerprint('k', body)).not.toBe(
      requestFingerprint('k', { ...body, name: 'Eve' }),
    );
    expect(requestFingerprint('k', body)).not.toBe(requestFingerprint('other', body));
    expect(idempotencyKeyHash('k')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('registration ids', () => {
  it('are ULIDs that sort in creation order, even within one millisecond or a clock that stands still', () => {
    const frozen = new Date('2030-05-01T12:00:00Z');
    const ids = Array.from({ length: 1000 }, () => newRegistrationId(frozen));
    for (const id of ids) expect(id).toMatch(REGISTRATION_ID_PATTERN);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const later = newRegistrationId(new Date('2030-05-01T12:00:01Z'));
    expect(later > (ids.at(-1) ?? '')).toBe(true);
  });
});
