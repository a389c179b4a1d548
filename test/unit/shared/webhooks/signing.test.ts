import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, secretFormat } from '#shared/webhooks/secrets.ts';
import { signature, signatureHeader, verifySignature } from '#shared/webhooks/signing.ts';

/** Signatures as Standard Webhooks specifies, checked with its reference library. */

const id = 'evt_01hzzzzzzzzzzzzzzzzzzzzzzz';
const body = JSON.stringify({ id, type: 'registration.confirmed' });
const now = new Date();
const timestamp = Math.floor(now.getTime() / 1000);
const headersOf = (header: string) => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': header,
});
/** What secrets looked like before: `whsec_` + base64url, the whole string the HMAC key. */
const legacySecret = 'whsec_3q-2_7vM4pY0Gf9k1cXhZbQmWn8tLrE5uA6sJdKoPiV';

describe('webhook secrets', () => {
  it('are whsec_ and the standard base64 of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(secretFormat(secret)).toBe('standard-webhooks');
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('tell legacy secrets apart, whatever characters they hold', () => {
    expect(legacySecret.slice(6)).toHaveLength(43);
    expect(secretFormat(legacySecret)).toBe('legacy');
    expect(secretFormat('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toBe('legacy');
    // Under 24 bytes is not a Standard Webhooks secret either.
    expect(secretFormat(`whsec_${Buffer.alloc(16).toString('base64')}`)).toBe('legacy');
  });
});

describe('webhook signatures', () => {
  it('match the example of the Standard Webhooks specification', () => {
    expect(
      signature(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verify with the standardwebhooks library, and fail with another secret', () => {
    const secret = newWebhookSecret();
    const header = signatureHeader({ secret }, id, timestamp, body, now);
    expect(new Webhook(secret).verify(body, headersOf(header))).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headersOf(header))).toThrow(
      'No matching signature found',
    );
  });

  it('keep signing with a legacy secret as before, which the library cannot read', () => {
    const legacy = `v1,${createHmac('sha256', legacySecret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
    expect(signatureHeader({ secret: legacySecret }, id, timestamp, body, now)).toBe(legacy);
    expect(verifySignature(legacySecret, id, timestamp, body, legacy)).toBe(true);
    expect(() => new Webhook(legacySecret)).toThrow(/incorrect characters/);
  });

  it('carry the previous secret’s signature too until it expires', () => {
    const secret = newWebhookSecret();
    const rotation = {
      secret,
      previousSecret: legacySecret,
      previousSecretExpiresAt: new Date(now.getTime() + 60_000).toISOString(),
    };
    const during = signatureHeader(rotation, id, timestamp, body, now);
    expect(during.split(' ')).toHaveLength(2);
    expect(new Webhook(secret).verify(body, headersOf(during))).toEqual(JSON.parse(body));
    expect(verifySignature(legacySecret, id, timestamp, body, during)).toBe(true);

    const after = signatureHeader(rotation, id, timestamp, body, new Date(now.getTime() + 60_000));
    expect(after.split(' ')).toHaveLength(1);
    expect(verifySignature(legacySecret, id, timestamp, body, after)).toBe(false);
    expect(new Webhook(secret).verify(body, headersOf(after))).toEqual(JSON.parse(body));
  });
});
