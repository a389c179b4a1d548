import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/**
 * A dns.lookup stand-in: each name answers with the addresses listed (a function is called on each
 * lookup, for answers that change); any other name is ENOTFOUND. No query leaves the process.
 */
export function fakeLookup(
  answers: Record<string, string[] | (() => string[])>,
): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const lookup = (
    hostname: string,
    options: { all?: boolean },
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ) => {
    calls.push(hostname);
    const answer = answers[hostname];
    const addresses = (typeof answer === 'function' ? answer() : (answer ?? [])).map((address) => ({
      address,
      family: isIP(address),
    }));
    const first = addresses[0];
    queueMicrotask(() => {
      if (!first) {
        const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        error.code = 'ENOTFOUND';
        callback(error, '');
      } else if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
  return Object.assign(lookup as LookupFunction, { calls });
}
