import { createHash } from 'node:crypto';
import type { Context } from 'hono';

/**
 * HTTP caching for public reads: a strong ETag, a short shared-cache lifetime, and 304 when the
 * client's copy is current. Personal and organizer answers are `no-store`.
 */

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/** Pages show seats left: browsers keep them but ask (a cheap 304) before every use. */
export const PAGE_CACHE_CONTROL = 'no-cache';

/** A personal JSON answer (one's registration, one's talk): never kept by any cache. */
export function personal(c: Context, body: unknown, status: 200 | 201 = 200): Response {
  c.header('cache-control', 'no-store');
  return c.json(body, status);
}

/** A strong ETag for a representation identified by its parts (version, origin, path, …). */
export function strongEtag(...parts: (string | number | boolean)[]): string {
  return `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes do not matter. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * If-Match uses the strong comparison (RFC 9110 13.1.1): a weak tag never matches, so a write is
 * only made on exactly the representation the client read.
 */
export function matchesIfMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  if (etag.startsWith('W/')) return false;
  return header.split(',').some((tag) => tag.trim() === etag);
}

/**
 * The opaque tags of If-Match that can match strongly: `*`, or the quoted tags that are not weak.
 * Undefined when the header is absent or empty.
 */
export function ifMatchVersions(header: string | undefined): '*' | string[] | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (header.trim() === '*') return '*';
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => /^"[^"]*"$/.test(tag))
    .map((tag) => tag.slice(1, -1));
}

/** The identity of a request's representation: origin, path and query, as sent. */
export function representationOf(context: Context): string {
  // A request's URL is already parsed and normalised, and never carries a fragment.
  return context.req.url;
}
