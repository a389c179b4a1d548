import type { LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/**
 * The request of one delivery attempt. The default transport connects only to the addresses the
 * URL policy checked (a lookup that answers with them, no second resolution), so a name that
 * changes its answer between the check and the connection (DNS rebinding) cannot redirect it.
 * TLS still verifies the certificate against the URL's host name (SNI included).
 */

interface DeliveryRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  /** Redirects are never followed: a 3xx is a failed attempt. */
  redirect: 'manual';
  signal: AbortSignal;
}

/** What an attempt needs from the answer: its status. `fetch` fits, for tests. */
export type Fetch = (url: string, request: DeliveryRequest) => Promise<{ status: number }>;

/** A dns.lookup that answers with the given addresses, whatever the name. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (options.all) callback(null, addresses);
    else if (first) callback(null, first.address, first.family);
    else callback(Object.assign(new Error('no address'), { code: 'ENODATA' }), '', 0);
  };
}

/** POSTs over node:http(s) to `addresses` only; the body of the answer is thrown away. */
export function pinnedFetch(addresses: LookupAddress[]): Fetch {
  return (url, { method, headers, body, signal }) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        target,
        // A fresh connection each time (agent: false): no pooled socket to another address.
        { method, headers, signal, agent: false, lookup: pinnedLookup(addresses) },
        (response) => {
          response.resume();
          response.once('error', () => undefined);
          resolve({ status: response.statusCode ?? 0 });
        },
      );
      request.once('error', reject);
      request.end(body);
    });
}
