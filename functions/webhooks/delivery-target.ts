import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import {
  type AddressKind,
  addressAllowed,
  addressKind,
  normalisedHost,
  webhookUrlAllowed,
} from '#shared/webhooks/url-policy.ts';

export type Lookup = LookupFunction;

export type TargetCheck =
  | { allowed: true; host: string; addresses: LookupAddress[] }
  | { allowed: false; reason: string; kind?: AddressKind };

/** Every address a name resolves to, or the lookup's error; gives up when `signal` aborts. */
function lookupAll(lookup: Lookup, host: string, signal: AbortSignal): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    lookup(host, { all: true }, (error, addresses, family) => {
      signal.removeEventListener('abort', abort);
      if (error) return reject(error);
      resolve(Array.isArray(addresses) ? addresses : [{ address: addresses, family: family ?? 4 }]);
    });
  });
}

/**
 * The delivery-time check: the URL against the rules above (it may have been stored under older
 * rules), then every address its host resolves to. A DNS failure is thrown (worth a retry);
 * a refusal is an answer (not worth one).
 */
export async function checkDeliveryTarget(
  url: string,
  options: { lookup: Lookup; allowLoopback: boolean; signal: AbortSignal },
): Promise<TargetCheck> {
  if (!webhookUrlAllowed(url, options.allowLoopback))
    return { allowed: false, reason: 'refused: the URL is not an allowed webhook target' };
  const parsed = new URL(url);
  const host = normalisedHost(parsed);
  const family = isIP(host);
  const addresses = family
    ? [{ address: host, family }]
    : await lookupAll(options.lookup, parsed.hostname, options.signal);
  if (addresses.length === 0) throw Object.assign(new Error('no address'), { code: 'ENODATA' });
  for (const { address } of addresses) {
    if (!addressAllowed(address, options.allowLoopback)) {
      return {
        allowed: false,
        reason: 'refused: the host resolves to an address that is not public',
        kind: addressKind(address),
      };
    }
  }
  return { allowed: true, host, addresses };
}
