import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subscription } from '#functions/data/webhooks/webhook-store.ts';
import { attemptDelivery } from '#functions/webhooks/delivery.ts';
import { checkDeliveryTarget } from '#functions/webhooks/delivery-target.ts';
import { pinnedFetch } from '#functions/webhooks/transport.ts';
import type { WebhookEvent } from '#shared/events.ts';
import { addressKind, webhookUrlAllowed } from '#shared/webhooks/url-policy.ts';
import { fakeLookup } from '../../../support/webhooks/fake-dns.ts';
import { PROBED_WEBHOOK_URLS } from '../../../support/webhooks/hostile-urls.ts';

describe('webhook URLs (SSRF)', () => {
  it.each([
    ['https://receiver.example.com/hooks', false, true],
    ['https://receiver.example.com:8443/hooks', false, true],
    ['https://RECEIVER.Example.COM./hooks', false, true],
    ['https://bücher.example.com/hooks', false, true],
    ['https://8.8.8.8/hooks', false, true],
    ['https://[2606:4700:4700::1111]/hooks', false, true],
    ['https://[64:ff9b::808:808]/hooks', false, true],
    ['https://[::ffff:8.8.8.8]/hooks', false, true],
    ['http://receiver.example.com/hooks', false, false],
    ['ftp://receiver.example.com/hooks', false, false],
    ['https://user:pass@receiver.example.com/', false, false],
    ['not a url', true, false],
    ['http://10.0.0.5/hooks', true, false],
    ['http://localhost:8080/hooks', false, false],
    ['http://localhost:8080/hooks', true, true],
    ['http://127.0.0.1:9000/hooks', true, true],
    ['http://[::1]:9000/hooks', true, true],
    ['http://receiver.example.com/hooks', true, false],
  ])('%s (loopback allowed: %s) is allowed: %s', (url, allowLoopback, expected) => {
    expect(webhookUrlAllowed(url, allowLoopback)).toBe(expected);
  });

  // Issue 10, item 4: each of these was accepted.
  it.each(PROBED_WEBHOOK_URLS)('refuses %s, which the probe got accepted', (url) => {
    expect(webhookUrlAllowed(url, false)).toBe(false);
  });

  it.each([
    // Special-use and internal names, in any case, with trailing dots, in full-width letters.
    'https://localhost/',
    'https://LOCALHOST../',
    'https://ｌｏｃａｌｈｏｓｔ/',
    'https://loc%61lhost/',
    'https://api.localhost/',
    'https://localdomain/',
    'https://box.localdomain./',
    'https://printer.local/',
    'https://metadata.google.internal/',
    'https://metadata.goog/',
    'https://instance-data/',
    'https://kubernetes.default.svc/',
    'https://router.home.arpa/',
    'https://1.0.0.127.in-addr.arpa/',
    'https://receiver.test/',
    'https://receiver.invalid/',
    'https://receiver.example/',
    'https://hidden.onion/',
    'https://nas.lan/',
    'https://intranet/',
    // IPv4 in every spelling the URL parser accepts.
    'https://127.0.0.1/',
    'https://127.0.0.1./',
    'https://2130706433/',
    'https://0177.0.0.1/',
    'https://0x7f.1/',
    'https://127.1/',
    'https://0/',
    'https://0.0.0.0/',
    'https://10.0.0.5/',
    'https://172.20.1.1/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://0xa9fea9fe/',
    'https://169.254.1.1/',
    'https://100.64.0.1/',
    'https://100.100.100.200/',
    'https://168.63.129.16/',
    'https://192.0.0.192/',
    'https://192.0.2.10/',
    'https://198.51.100.10/',
    'https://203.0.113.10/',
    'https://198.18.0.1/',
    'https://224.0.0.1/',
    'https://239.255.255.250/',
    'https://240.0.0.1/',
    'https://255.255.255.255/',
    // IPv6, and IPv4 inside IPv6.
    'https://[::1]/',
    'https://[0:0:0:0:0:0:0:1]/',
    'https://[::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[::ffff:169.254.169.254]/',
    'https://[::ffff:10.0.0.1]/',
    'https://[::8.8.8.8]/',
    'https://[64:ff9b::7f00:1]/',
    'https://[64:ff9b::10.0.0.1]/',
    'https://[64:ff9b:1::808:808]/',
    'https://[2002:7f00:1::]/',
    'https://[2002:a9fe:a9fe::1]/',
    'https://[2002:808:808::1]/',
    'https://[fd00::1]/',
    'https://[fd00:ec2::254]/',
    'https://[fc00::1]/',
    'https://[fe80::1]/',
    'https://[fec0::1]/',
    'https://[ff02::1]/',
    'https://[2001:db8::1]/',
    'https://[3fff::1]/',
    'https://[2001::1]/',
    'https://[100::1]/',
  ])('refuses %s', (url) => {
    expect(webhookUrlAllowed(url, false)).toBe(false);
  });

  it('lets the local server use http://localhost, 127.0.0.1 and [::1] as written, nothing else', () => {
    expect(webhookUrlAllowed('http://localhost./', true)).toBe(false);
    expect(webhookUrlAllowed('https://localhost./', true)).toBe(false);
    expect(webhookUrlAllowed('http://127.1:9000/', true)).toBe(false);
    expect(webhookUrlAllowed('http://0x7f000001:9000/', true)).toBe(false);
    expect(webhookUrlAllowed('http://127.0.0.2:9000/', true)).toBe(false);
    expect(webhookUrlAllowed('http://[::ffff:127.0.0.1]:9000/', true)).toBe(false);
    expect(webhookUrlAllowed('http://user:pw@localhost:9000/', true)).toBe(false);
    expect(webhookUrlAllowed('http://169.254.169.254/', true)).toBe(false);
    expect(webhookUrlAllowed('http://api.localhost:9000/', true)).toBe(false);
    expect(webhookUrlAllowed('https://192.168.1.1/', true)).toBe(false);
  });
});

describe('address kinds', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['10.0.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['ff02::1', 'multicast'],
    ['192.0.2.1', 'documentation'],
    ['2002:0a00:0001::1', 'private'],
    ['::127.0.0.1', 'reserved'],
    ['not an address', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });
});

describe('the delivery-time check', () => {
  const check = (url: string, answers: Record<string, string[]>, allowLoopback = false) =>
    checkDeliveryTarget(url, {
      lookup: fakeLookup(answers),
      allowLoopback,
      signal: AbortSignal.timeout(1000),
    });

  it('passes a name whose every address is public, with those addresses', async () => {
    expect(
      await check('https://hooks.example.com/x', {
        'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
      }),
    ).toEqual({
      allowed: true,
      host: 'hooks.example.com',
      addresses: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
    });
  });

  it.each([
    [['10.0.0.1'], 'private'],
    [['93.184.215.14', '169.254.169.254'], 'metadata'],
    [['127.0.0.1'], 'loopback'],
    [['::ffff:192.168.0.1'], 'private'],
    [['64:ff9b::a9fe:a9fe'], 'metadata'],
    [['fd00::1'], 'private'],
  ])('refuses a name that resolves to %j (%s)', async (addresses, kind) => {
    expect(await check('https://hooks.example.com/x', { 'hooks.example.com': addresses })).toEqual({
      allowed: false,
      reason: 'refused: the host resolves to an address that is not public',
      kind,
    });
  });

  it('lets the local server resolve to loopback, and nothing else internal', async () => {
    expect(
      (await check('http://localhost:1/x', { localhost: ['127.0.0.1', '::1'] }, true)).allowed,
    ).toBe(true);
    expect((await check('http://localhost:1/x', { localhost: ['10.0.0.1'] }, true)).allowed).toBe(
      false,
    );
  });

  it('refuses a URL stored under older rules before resolving it', async () => {
    const lookup = fakeLookup({ 'localhost.': ['127.0.0.1'] });
    expect(
      await checkDeliveryTarget('https://localhost./', {
        lookup,
        allowLoopback: false,
        signal: AbortSignal.timeout(1000),
      }),
    ).toEqual({ allowed: false, reason: 'refused: the URL is not an allowed webhook target' });
    expect(lookup.calls).toEqual([]);
  });

  it('throws a resolution failure, for the attempt to be retried', async () => {
    await expect(check('https://gone.example.com/', {})).rejects.toThrow(/ENOTFOUND/);
  });
});

describe('delivery to the checked address only', () => {
  let receiver: Server;
  let port = 0;
  const received: IncomingMessage['headers'][] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      received.push(request.headers);
      request.resume();
      request.on('end', () =>
        request.url === '/moved'
          ? response.writeHead(302, { location: '/hooks' }).end()
          : response.writeHead(204).end(),
      );
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  const event: WebhookEvent = {
    id: 'evt_01hzzzzzzzzzzzzzzzzzzzzzzz',
    type: 'registration.confirmed',
    edition: 2030,
    occurredAt: '2030-05-01T10:00:00.000Z',
    data: { registrationId: 'r1', status: 'confirmed' },
  };
  const subscription = (url: string): Subscription => ({
    id: 'wh_1',
    url,
    events: ['registration.confirmed'],
    secret: 'whsec_test',
    createdAt: '2030-04-01T00:00:00.000Z',
    createdBy: 'o',
  });

  it('connects to the given address without resolving the name', async () => {
    // `.invalid` never resolves (RFC 6761): only the pinned address can be reached.
    const send = pinnedFetch([{ address: '127.0.0.1', family: 4 }]);
    const response = await send(`http://receiver.invalid:${port}/hooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      redirect: 'manual',
      signal: AbortSignal.timeout(2000),
    });
    expect(response.status).toBe(204);
    expect(received.at(-1)?.host).toBe(`receiver.invalid:${port}`);
  });

  it('does not follow a redirect: a 3xx is the answer', async () => {
    const before = received.length;
    const response = await pinnedFetch([{ address: '127.0.0.1', family: 4 }])(
      `http://127.0.0.1:${port}/moved`,
      {
        method: 'POST',
        headers: {},
        body: '{}',
        redirect: 'manual',
        signal: AbortSignal.timeout(2000),
      },
    );
    expect(response.status).toBe(302);
    expect(received.length).toBe(before + 1);
  });

  it('resolves once per attempt, so an answer that changes after the check is not used', async () => {
    // A rebinding name: the check sees 127.0.0.1, any later lookup 127.0.0.2 (nothing listens).
    let answers = 0;
    const lookup = fakeLookup({
      localhost: () => {
        answers += 1;
        return [answers === 1 ? '127.0.0.1' : '127.0.0.2'];
      },
    });
    const before = received.length;
    const result = await attemptDelivery(
      subscription(`http://localhost:${port}/hooks`),
      event,
      new Date(),
      { lookup, allowLoopback: true },
    );
    expect(result).toEqual({ ok: true, status: 204 });
    expect(lookup.calls).toEqual(['localhost']);
    expect(received.length).toBe(before + 1);
  });

  it('refuses a name resolving to a private address before sending anything, for good', async () => {
    let sent = 0;
    const result = await attemptDelivery(
      subscription('https://hooks.example.com/x'),
      event,
      new Date(),
      {
        lookup: fakeLookup({ 'hooks.example.com': ['10.0.0.1'] }),
        fetch: async () => {
          sent += 1;
          return { status: 204 };
        },
      },
    );
    expect(result).toEqual({
      ok: false,
      refused: true,
      error: 'refused: the host resolves to an address that is not public',
    });
    expect(sent).toBe(0);
  });
});
