import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AnswerMemory } from '#functions/http/answer-memory.ts';

/**
 * The local server's front: a GET whose answer the answer memory holds is sent from the node
 * request as it stands, before @hono/node-server builds a Request, Headers and a Response for it
 * (what an agenda cost most, measured with --cpu-prof); every other request goes on to the
 * listener. The answer is the one the memory gives the Lambda path (functions/http/app.ts), with
 * the same headers, Content-Length counted as @hono/node-server counts it, and the same log line.
 */

/** @hono/node-server's own tests of a URL it takes as it stands (src/url.ts): others go on. */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
const PLAIN_TARGET = /^\/[!#$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;

function headerOf(incoming: IncomingMessage) {
  return (name: string) => {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

export function answeringRemembered(memory: AnswerMemory, listener: RequestListener) {
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const { method, url: target = '' } = incoming;
    const { host } = incoming.headers;
    const plain =
      method === 'GET' &&
      host !== undefined &&
      PLAIN_HOST.test(host) &&
      PLAIN_TARGET.test(target) &&
      !DOT_SEGMENT.test(target) &&
      !(incoming.socket as { encrypted?: boolean }).encrypted;
    const sent =
      plain &&
      memory.send(
        method,
        `http://${host}${target}`,
        headerOf(incoming),
        ({ status, headers, body }) => {
          const flat: string[] = [];
          for (const [name, value] of headers) flat.push(name, value);
          if (body) flat.push('Content-Length', String(body.byteLength));
          outgoing.writeHead(status, flat);
          outgoing.end(body ?? undefined);
          return true;
        },
      );
    if (!sent) listener(incoming, outgoing);
  };
}
