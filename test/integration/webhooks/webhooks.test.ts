import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '#shared/webhooks/signing.ts';
import { seedEdition } from '../../support/editions.ts';
import { person, REGISTRATION_OPEN_AT, registrationApi } from '../../support/registration-app.ts';
import { fakeLookup } from '../../support/webhooks/fake-dns.ts';
import { PROBED_WEBHOOK_URLS } from '../../support/webhooks/hostile-urls.ts';

/** Webhooks from the local server to a receiver on loopback: signed, retried, without personal data. */

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        response.writeHead(503).end();
      } else {
        response.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

describe('webhooks', () => {
  it('deliver registration and release events, signed, retried until the receiver answers', async () => {
    const api = await registrationApi(
      {
        ...seedEdition(),
        registration: {
          capacity: 1,
          opensAt: '2030-04-01T00:00:00+02:00',
          closesAt: '2030-06-01T00:00:00+02:00',
          retentionDays: 30,
          audiences: [{ id: 'other', label: 'Other' }],
        },
        year: 2030,
        date: '2030-06-25',
      },
      { baseDelayMs: 20 },
    );
    const auth = {
      authorization: `Bearer ${await api.organizerToken()}`,
      'content-type': 'application/json',
    };
    const created = await api.app.request('/admin/editions/2030/webhooks', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        url: receiverUrl,
        events: [
          'registration.confirmed',
          'registration.waitlisted',
          'registration.promoted',
          'registration.cancelled',
          'release.published',
        ],
      }),
    });
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as any;
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhook.secretFormat).toBe('standard-webhooks');
    const standard = new Webhook(webhook.secret);

    failuresLeft = 2;
    const ada = person({ audience: 'other', name: 'Ada Secret', email: 'ada.secret@example.org' });
    const first = (await (await api.register(ada)).json()) as any;
    const second = (await (await api.register(person({ audience: 'other' }))).json()) as any;
    await api.app.request(`/editions/2030/registrations/${first.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${first.manageToken}` },
    });
    const talk = await api.app.request(
      '/admin/editions/2030/draft/talks/runtime-container-runtimes-overview',
      { headers: auth },
    );
    await api.app.request('/admin/editions/2030/draft/talks/runtime-container-runtimes-overview', {
      method: 'PATCH',
      headers: { ...auth, 'if-match': String(talk.headers.get('etag')) },
      body: JSON.stringify({ title: 'Container Runtimes: an Overview' }),
    });
    await api.app.request('/admin/editions/2030/agenda/releases', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: 'v2',
        comment: 'Retitled.',
        force: { reason: 'Known lunch overlap.' },
      }),
    });
    await api.dispatcher.idle();

    const delivered = received.filter((request) => request.headers['webhook-id']);
    const events = new Map(
      delivered.map((request) => [request.headers['webhook-id'], JSON.parse(request.body)]),
    );
    expect([...events.values()].map((event) => event.type).sort()).toEqual([
      'registration.cancelled',
      'registration.confirmed',
      'registration.promoted',
      'registration.waitlisted',
      'release.published',
    ]);
    expect(
      [...events.values()].find((event) => event.type === 'registration.promoted').data,
    ).toEqual({
      registrationId: second.id,
      status: 'confirmed',
    });
    expect([...events.values()].find((event) => event.type === 'release.published').data).toEqual({
      release: 2,
      name: 'v2',
    });

    // Two failures were retried: more requests than events, the same event id each time.
    expect(delivered.length).toBe(events.size + 2);
    for (const request of delivered) {
      // What a receiver using the Standard Webhooks library does with the request it got.
      expect(standard.verify(request.body, request.headers as Record<string, string>)).toEqual(
        JSON.parse(request.body),
      );
      expect(
        verifySignature(
          webhook.secret,
          String(request.headers['webhook-id']),
          Number(request.headers['webhook-timestamp']),
          request.body,
          String(request.headers['webhook-signature']),
        ),
      ).toBe(true);
      expect(request.body).not.toContain('ada.secret');
      expect(request.body).not.toContain('Ada Secret');
      expect(request.body).not.toContain(first.manageToken);
    }

    const deliveries = (await (
      await api.app.request(`/admin/editions/2030/webhooks/${webhook.id}/deliveries`, {
        headers: auth,
      })
    ).json()) as any;
    expect(deliveries.items).toHaveLength(5);
    expect(
      deliveries.items.every((delivery: { status: string }) => delivery.status === 'delivered'),
    ).toBe(true);
    // The two failed attempts were retried: seven attempts for five events.
    const attempts = deliveries.items.map((delivery: { attempts: number }) => delivery.attempts);
    expect(attempts.reduce((sum: number, count: number) => sum + count, 0)).toBe(7);

    const list = (await (
      await api.app.request('/admin/editions/2030/webhooks', { headers: auth })
    ).json()) as any;
    expect(list.items[0]).not.toHaveProperty('secret');
    expect(list.items[0]).toMatchObject({ id: webhook.id, secretFormat: 'standard-webhooks' });
  });

  it('keep signing a stored legacy secret the old way until it is rotated, then sign with both for a day', async () => {
    const api = await registrationApi();
    const auth = {
      authorization: `Bearer ${await api.organizerToken()}`,
      'content-type': 'application/json',
    };
    // A webhook as created before Standard Webhooks secrets: whsec_ + base64url, used as is.
    const legacySecret = 'whsec_3q-2_7vM4pY0Gf9k1cXhZbQmWn8tLrE5uA6sJdKoPiV';
    const legacy = await api.stores.webhooks.createSubscription(
      2030,
      { url: receiverUrl, events: ['registration.confirmed'], secret: legacySecret },
      'organizer',
      new Date(),
    );
    const list = (await (
      await api.app.request('/admin/editions/2030/webhooks', { headers: auth })
    ).json()) as any;
    expect(list.items).toEqual([expect.objectContaining({ secretFormat: 'legacy' })]);

    const deliveredSince = async (count: number) => {
      await api.dispatcher.idle();
      return received.slice(count).filter((request) => request.headers['webhook-id']);
    };
    const verifies = (secret: string, request: Received) =>
      verifySignature(
        secret,
        String(request.headers['webhook-id']),
        Number(request.headers['webhook-timestamp']),
        request.body,
        String(request.headers['webhook-signature']),
      );

    let seen = received.length;
    await api.register(person());
    const [before] = await deliveredSince(seen);
    expect(before && verifies(legacySecret, before)).toBe(true);

    const rotated = await api.app.request(`/admin/editions/2030/webhooks/${legacy.id}/secret`, {
      method: 'POST',
      headers: { authorization: auth.authorization },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const fresh = (await rotated.json()) as any;
    expect(fresh).toMatchObject({
      id: legacy.id,
      secretFormat: 'standard-webhooks',
      secretRotatedAt: REGISTRATION_OPEN_AT.toISOString(),
      previousSecretExpiresAt: new Date(
        REGISTRATION_OPEN_AT.getTime() + 24 * 3_600_000,
      ).toISOString(),
    });
    expect(fresh.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(fresh).not.toHaveProperty('previousSecret');

    seen = received.length;
    await api.register(person());
    const [after] = await deliveredSince(seen);
    if (!after) throw new Error('no delivery after the rotation');
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(
      new Webhook(fresh.secret).verify(after.body, after.headers as Record<string, string>),
    ).toMatchObject({ type: 'registration.confirmed' });
    expect(verifies(legacySecret, after)).toBe(true);

    const again = (await (
      await api.app.request('/admin/editions/2030/webhooks', { headers: auth })
    ).json()) as any;
    expect(again.items).toEqual([expect.objectContaining({ secretFormat: 'standard-webhooks' })]);
    expect(again.items[0]).not.toHaveProperty('previousSecret');
    expect(
      (
        await api.app.request(
          '/admin/editions/2030/webhooks/wh_00000000000000000000000000/secret',
          {
            method: 'POST',
            headers: { authorization: auth.authorization },
          },
        )
      ).status,
    ).toBe(404);
  });

  it('gives up after the last attempt and records the failure', async () => {
    const api = await registrationApi(undefined, {
      baseDelayMs: 1,
      lookup: fakeLookup({ 'receiver.example.com': ['93.184.215.14'] }),
      fetch: async () => new Response(null, { status: 500 }),
    });
    const auth = {
      authorization: `Bearer ${await api.organizerToken()}`,
      'content-type': 'application/json',
    };
    const webhook = (await (
      await api.app.request('/admin/editions/2030/webhooks', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          url: 'https://receiver.example.com/hooks',
          events: ['registration.confirmed'],
        }),
      })
    ).json()) as any;
    await api.register(person());
    await api.dispatcher.idle();
    const deliveries = (await (
      await api.app.request(`/admin/editions/2030/webhooks/${webhook.id}/deliveries`, {
        headers: auth,
      })
    ).json()) as any;
    expect(deliveries.items).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 8, lastStatus: 500 }),
    ]);
  });

  it('refuses plain http except on loopback, and unknown event types', async () => {
    const api = await registrationApi();
    const auth = {
      authorization: `Bearer ${await api.organizerToken()}`,
      'content-type': 'application/json',
    };
    const create = (body: unknown) =>
      api.app.request('/admin/editions/2030/webhooks', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(body),
      });
    expect(
      (await create({ url: 'http://receiver.example.com/hooks', events: ['release.published'] }))
        .status,
    ).toBe(400);
    expect(
      (await create({ url: 'https://receiver.example.com/hooks', events: ['talk.deleted'] }))
        .status,
    ).toBe(400);
  });

  it.each([...PROBED_WEBHOOK_URLS, 'http://0xa9fea9fe/latest/meta-data'])(
    'refuses %s with 400 naming the url, even on the local server',
    async (url) => {
      const api = await registrationApi();
      const response = await api.app.request('/admin/editions/2030/webhooks', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await api.organizerToken()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ url, events: ['release.published'] }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors).toEqual([
        expect.objectContaining({ name: 'url', in: 'body' }),
      ]);
    },
  );

  it('refuses delivery to a name that resolves to a private address, recorded as failed once', async () => {
    let sent = 0;
    const api = await registrationApi(undefined, {
      baseDelayMs: 1,
      lookup: fakeLookup({ 'hooks.example.com': ['10.0.0.1'] }),
      fetch: async () => {
        sent += 1;
        return new Response(null, { status: 204 });
      },
    });
    const auth = {
      authorization: `Bearer ${await api.organizerToken()}`,
      'content-type': 'application/json',
    };
    const created = await api.app.request('/admin/editions/2030/webhooks', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        url: 'https://hooks.example.com/x',
        events: ['registration.confirmed'],
      }),
    });
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as any;
    await api.register(person());
    await api.dispatcher.idle();
    expect(sent).toBe(0);
    const deliveries = (await (
      await api.app.request(`/admin/editions/2030/webhooks/${webhook.id}/deliveries`, {
        headers: auth,
      })
    ).json()) as any;
    expect(deliveries.items).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        lastError: 'refused: the host resolves to an address that is not public',
      }),
    ]);
    expect(deliveries.items[0]).not.toHaveProperty('nextAttemptAt');
  });
});
