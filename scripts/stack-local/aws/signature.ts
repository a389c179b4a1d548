/**
 * Who signed a request, read from its SigV4 `Authorization` header (AWS4-HMAC-SHA256): the
 * access key id, and the region and service of the credential scope. The signature itself is
 * not checked: the local endpoint knows no secret keys, only which key runs as which role.
 */

export interface SignedBy {
  accessKeyId: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** undefined when the header is missing or is not a SigV4 signature. */
export function signedBy(authorization: string | undefined): SignedBy | undefined {
  if (!authorization?.startsWith('AWS4-HMAC-SHA256 ')) return undefined;
  const match = CREDENTIAL.exec(authorization);
  if (!match) return undefined;
  const [, accessKeyId, , region, service] = match;
  if (!accessKeyId || !region || !service) return undefined;
  return { accessKeyId, region, service };
}
