import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cloudFrontErrorXml } from './services.ts';

/** Reading requests and answering them in each protocol's shape, errors included. */

/** Larger than any AWS request these services take (SES raw: 40 MB base64 is out of scope). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class BodyTooLarge extends Error {}

/** The whole body, or BodyTooLarge past MAX_BODY_BYTES (the rest is drained, not kept). */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () =>
      tooLarge ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks)),
    );
    request.on('error', reject);
  });
}

/** How a service shapes its answers: AWS JSON 1.0/1.1, REST JSON (SES v2), REST XML (CloudFront). */
export type Protocol = 'json1.0' | 'json1.1' | 'rest-json' | 'rest-xml' | 'query';

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
) {
  if (response.headersSent) return;
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(body);
}

export function replyJson(
  response: ServerResponse,
  protocol: Protocol,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
) {
  const type =
    protocol === 'json1.1'
      ? 'application/x-amz-json-1.1'
      : protocol === 'json1.0'
        ? 'application/x-amz-json-1.0'
        : 'application/json';
  send(response, status, type, JSON.stringify(body), headers);
}

export function replyXml(
  response: ServerResponse,
  xml: string,
  status = 200,
  headers: Record<string, string> = {},
) {
  send(response, status, 'text/xml', xml, headers);
}

/** The coral errors every JSON service shares (auth, parsing, routing). */
const CORAL = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'MissingAuthenticationTokenException',
  'InvalidSignatureException',
  'SerializationException',
  'UnknownOperationException',
  'RequestEntityTooLargeException',
]);

export interface ErrorReply {
  status: number;
  code: string;
  message: string;
  /** The JSON 1.0 namespace of a service's own errors (DynamoDB's, SQS's). */
  namespace?: string;
  /** SQS's query-compatible code (`x-amzn-query-error`), for its JSON protocol. */
  queryCode?: string;
}

/** XML error codes of CloudFront for the shared errors. */
const XML_CODES: Record<string, string> = {
  AccessDeniedException: 'AccessDenied',
  UnrecognizedClientException: 'InvalidClientTokenId',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  InvalidSignatureException: 'SignatureDoesNotMatch',
};

export function replyError(response: ServerResponse, protocol: Protocol, error: ErrorReply) {
  const { status, code, message } = error;
  if (protocol === 'rest-xml' || protocol === 'query') {
    const xmlCode = (protocol === 'query' ? error.queryCode : undefined) ?? XML_CODES[code] ?? code;
    replyXml(response, cloudFrontErrorXml(xmlCode, message), status);
    return;
  }
  if (protocol === 'rest-json') {
    replyJson(response, protocol, { message }, status, { 'x-amzn-errortype': code });
    return;
  }
  const type =
    protocol === 'json1.1'
      ? code
      : `${CORAL.has(code) ? 'com.amazon.coral.service' : (error.namespace ?? 'com.amazon.coral.service')}#${code}`;
  const headers: Record<string, string> = error.queryCode
    ? { 'x-amzn-query-error': `${error.queryCode};Sender` }
    : {};
  replyJson(
    response,
    protocol,
    { __type: type, message, ...(protocol === 'json1.1' ? { Message: message } : {}) },
    status,
    headers,
  );
}
