import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may go (SSRF). Checked twice: when an organizer registers a URL, and again at
 * every delivery attempt, when the name is resolved and every address it resolves to must be
 * public. The delivery then connects to exactly the addresses checked (see transport.ts).
 *
 * Hosts are judged after normalisation: the WHATWG URL parser lower-cases, maps IDNA names to
 * punycode, percent-decodes, and turns every IPv4 spelling it accepts (decimal `2130706433`, octal
 * `0177.0.0.1`, hex `0x7f.1`, short `127.1`) into a dotted quad and IPv6 into its compressed form;
 * trailing dots are then dropped. IPv4 inside IPv6 (mapped `::ffff:0:0/96`, NAT64 `64:ff9b::/96`)
 * is judged as the IPv4 address it carries; deprecated forms (IPv4-compatible `::/96`, 6to4
 * `2002::/16`) and local-use NAT64 `64:ff9b:1::/48` are refused whatever they carry.
 *
 * The local server (never AWS) may deliver to loopback: URLs `http://localhost`, `127.0.0.1` and
 * `[::1]` as written, and names that resolve to loopback addresses only.
 */

/** What an address is, by the IANA special-purpose registries; only `public` may be a receiver. */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'shared'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

type Range = [AddressKind, string, number];

/** Checked in order: the first range that holds the address names its kind. */
const IPV4_RANGES: Range[] = [
  // Cloud metadata and host services: Azure's wire server, Alibaba's and Oracle's metadata.
  ['metadata', '169.254.169.254', 32],
  ['metadata', '168.63.129.16', 32],
  ['metadata', '100.100.100.200', 32],
  ['metadata', '192.0.0.192', 32],
  ['unspecified', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['shared', '100.64.0.0', 10],
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16],
  ['private', '172.16.0.0', 12],
  ['reserved', '192.0.0.0', 24],
  ['documentation', '192.0.2.0', 24],
  ['reserved', '192.31.196.0', 24],
  ['reserved', '192.52.193.0', 24],
  ['reserved', '192.88.99.0', 24],
  ['private', '192.168.0.0', 16],
  ['reserved', '192.175.48.0', 24],
  ['reserved', '198.18.0.0', 15],
  ['documentation', '198.51.100.0', 24],
  ['documentation', '203.0.113.0', 24],
  ['multicast', '224.0.0.0', 4],
  ['broadcast', '255.255.255.255', 32],
  ['reserved', '240.0.0.0', 4],
];

/** Global unicast IPv6 is 2000::/3; inside it, these are not public. */
const IPV6_GLOBAL_RANGES: Range[] = [
  ['documentation', '2001:db8::', 32],
  ['documentation', '3fff::', 20],
  // IETF protocol assignments: Teredo, benchmarking, ORCHID, AMT and other non-receivers.
  ['reserved', '2001::', 23],
];

/** Outside 2000::/3 nothing is public; these name what it is. */
const IPV6_OTHER_RANGES: Range[] = [
  ['metadata', 'fd00:ec2::254', 128],
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['private', 'fc00::', 7],
  ['link-local', 'fe80::', 10],
  ['private', 'fec0::', 10],
  ['multicast', 'ff00::', 8],
];

function blockLists(ranges: Range[], family: 'ipv4' | 'ipv6') {
  return ranges.map(([kind, network, prefix]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return { kind, list };
  });
}

const ipv4Lists = blockLists(IPV4_RANGES, 'ipv4');
const ipv6GlobalLists = blockLists(IPV6_GLOBAL_RANGES, 'ipv6');
const ipv6OtherLists = blockLists(IPV6_OTHER_RANGES, 'ipv6');
const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

function kindOfIPv4(address: string): AddressKind {
  return ipv4Lists.find(({ list }) => list.check(address, 'ipv4'))?.kind ?? 'public';
}

/** The eight 16-bit words of an IPv6 address in any spelling (zone id dropped), or undefined. */
function ipv6Words(address: string): number[] | undefined {
  const text = address.split('%')[0] ?? '';
  if (isIP(text) !== 6) return undefined;
  // The URL parser writes every IPv6 address as compressed hex words, embedded IPv4 included.
  const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const headWords = head === '' ? [] : head.split(':');
  const tailWords = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array(8 - headWords.length - tailWords.length).fill('0');
  return [...headWords, ...zeros, ...tailWords].map((word) => Number.parseInt(word, 16));
}

const ipv4Of = (high: number, low: number) =>
  [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');

function kindOfIPv6(address: string): AddressKind {
  const words = ipv6Words(address);
  if (!words) return 'reserved';
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = words;
  const zeroUpTo = (count: number) => words.slice(0, count).every((word) => word === 0);
  // IPv4-mapped ::ffff:a.b.c.d and NAT64 64:ff9b::a.b.c.d reach the IPv4 address they carry.
  if (zeroUpTo(5) && w5 === 0xffff) return kindOfIPv4(ipv4Of(w6, w7));
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0)
    return kindOfIPv4(ipv4Of(w6, w7));
  // 6to4 2002:aabb:ccdd::/48 tunnels to a.b.c.d: deprecated (RFC 7526), never a receiver; the
  // address it carries names the kind when that is not public.
  if (w0 === 0x2002) {
    const embedded = kindOfIPv4(ipv4Of(w1, w2));
    return embedded === 'public' ? 'reserved' : embedded;
  }
  const expanded = words.map((word) => word.toString(16)).join(':');
  const found = ipv6OtherLists.find(({ list }) => list.check(expanded, 'ipv6'));
  if (found) return found.kind;
  // Deprecated IPv4-compatible ::a.b.c.d, local-use NAT64 64:ff9b:1::/48, discard-only 100::/64
  // and everything else outside global unicast.
  if (!globalUnicast.check(expanded, 'ipv6')) return 'reserved';
  return ipv6GlobalLists.find(({ list }) => list.check(expanded, 'ipv6'))?.kind ?? 'public';
}

/** The kind of an IP address (IPv4 or IPv6, as resolved or as written in a URL). */
export function addressKind(address: string): AddressKind {
  const family = isIP(address.split('%')[0] ?? '');
  if (family === 4) return kindOfIPv4(address);
  if (family === 6) return kindOfIPv6(address);
  return 'reserved';
}

/** Public, or loopback where the local server allows it. */
export function addressAllowed(address: string, allowLoopback: boolean): boolean {
  const kind = addressKind(address);
  return kind === 'public' || (allowLoopback && kind === 'loopback');
}

/**
 * Names with no public meaning (RFC 6761, 6762, 7686, 8375, 9476, ICANN's `.internal`, and names
 * widely used inside networks), refused with every name under them.
 */
const SPECIAL_NAMES = [
  'localhost',
  'localdomain',
  'local',
  'internal',
  'intranet',
  'lan',
  'home',
  'corp',
  'private',
  'arpa',
  'home.arpa',
  'test',
  'invalid',
  'example',
  'onion',
  'alt',
];

/** Cloud metadata services by name (most are also caught by their suffix or by resolution). */
const METADATA_NAMES = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'kubernetes.default.svc',
]);

/** A URL's host as judged: no IPv6 brackets, no trailing dots (the parser did the rest). */
export function normalisedHost(url: URL): string {
  const host = url.hostname.toLowerCase();
  return host.startsWith('[') ? host.slice(1, -1) : host.replace(/\.+$/, '');
}

function nameAllowed(host: string): boolean {
  if (!host.includes('.')) return false;
  if (METADATA_NAMES.has(host)) return false;
  if (host.endsWith('.svc')) return false;
  return !SPECIAL_NAMES.some((name) => host === name || host.endsWith(`.${name}`));
}

/** Whether the host, as written, may be a receiver (names are judged again once resolved). */
function hostAllowed(host: string): boolean {
  return isIP(host) ? addressAllowed(host, false) : nameAllowed(host);
}

/** The local server's allowance, spelled exactly so (as before): no other form of loopback. */
const LOCAL_LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//;

/**
 * https:// to a public host, without credentials. Where the local server allows it (never in
 * AWS), also http:// to `localhost`, `127.0.0.1` or `[::1]`, written just so.
 */
export function webhookUrlAllowed(url: string, allowLoopback: boolean): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (allowLoopback && LOCAL_LOOPBACK.test(url)) return true;
  return parsed.protocol === 'https:' && hostAllowed(normalisedHost(parsed));
}
