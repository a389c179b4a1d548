/**
 * Content codings for public representations (RFC 9110 12.5.3): brotli or gzip when the client's
 * Accept-Encoding allows it (q-values respected), identity otherwise.
 */

export type ContentCoding = 'br' | 'gzip' | 'identity';

/** Preferred first when the client weighs several alike: brotli is the smallest. */
const PREFERENCE: readonly ContentCoding[] = ['br', 'gzip', 'identity'];

/** Below every q-value a client can send (the smallest is 0.001). */
const IMPLICIT_IDENTITY = 0.0001;

/** Accept-Encoding headers longer than this are not parsed (the answer is identity). */
const MAX_HEADER_LENGTH = 1024;

function weights(header: string): Map<string, number> {
  const weighted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim());
    if (!name) continue;
    let q = 1;
    for (const parameter of parameters) {
      const match = /^q\s*=\s*([01](?:\.\d{0,3})?)$/i.exec(parameter);
      if (match) q = Number(match[1]);
    }
    const coding = name.toLowerCase() === 'x-gzip' ? 'gzip' : name.toLowerCase();
    // A coding named twice keeps its highest weight.
    weighted.set(coding, Math.max(q, weighted.get(coding) ?? 0));
  }
  return weighted;
}

/** Headers already negotiated: a few browsers send the same few headers all day. */
const negotiated = new Map<string, ContentCoding>();
const MAX_NEGOTIATED = 256;

/** The coding to send for an Accept-Encoding header. */
export function negotiateEncoding(header: string | undefined): ContentCoding {
  if (!header || header.length > MAX_HEADER_LENGTH) return 'identity';
  const known = negotiated.get(header);
  if (known) return known;
  const best = negotiate(header);
  if (negotiated.size >= MAX_NEGOTIATED) negotiated.clear();
  negotiated.set(header, best);
  return best;
}

function negotiate(header: string): ContentCoding {
  const weighted = weights(header);
  const star = weighted.get('*');
  const weightOf = (coding: ContentCoding) =>
    weighted.get(coding) ??
    // identity is acceptable unless excluded, by name or by "*;q=0" (RFC 9110 12.5.3), but only
    // as the last resort: any coding the client names wins over it.
    (coding === 'identity' ? (star === 0 ? 0 : IMPLICIT_IDENTITY) : (star ?? 0));
  let best: ContentCoding = 'identity';
  let bestWeight = 0;
  for (const coding of PREFERENCE) {
    const weight = weightOf(coding);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  // Nothing acceptable: identity is still the most useful answer (a 406 helps no one here).
  return best;
}
