import { html, type raw } from 'hono/html';

/**
 * A message is written once, as blocks, and rendered twice: as plain text and as HTML. So the two
 * parts cannot drift apart, the text part never carries markup, and the HTML part escapes every
 * value in one place (hono/html's escaping).
 */

export interface Link {
  label: string;
  url: string;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'link'; link: Link }
  | { kind: 'list'; items: (string | Link)[] }
  /** Text written by someone else (an organizer's announcement): its paragraphs and line breaks kept. */
  | { kind: 'quoted'; text: string };

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const heading = (text: string): Block => ({ kind: 'heading', text });
export const link = (label: string, url: string): Block => ({ kind: 'link', link: { label, url } });
export const list = (items: (string | Link)[]): Block => ({ kind: 'list', items });
export const quoted = (text: string): Block => ({ kind: 'quoted', text });

const linkText = ({ label, url }: Link) => `${label}: ${url}`;
const normalizeNewlines = (text: string) => text.replace(/\r\n?/g, '\n').trim();

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
    case 'quoted':
      return normalizeNewlines(block.text);
    case 'heading':
      return `${block.text}\n${'-'.repeat(block.text.length)}`;
    case 'link':
      return linkText(block.link);
    case 'list':
      return block.items
        .map((item) => `- ${typeof item === 'string' ? item : linkText(item)}`)
        .join('\n');
  }
}

export function renderText(blocks: Block[]): string {
  return `${blocks.map(blockText).join('\n\n')}\n`;
}

type Html = ReturnType<typeof raw>;
type Value = string | number | Html | Html[];

/** hono's `html`, narrowed: with strings, numbers and fragments only, it answers synchronously. */
function fragment(strings: TemplateStringsArray, ...values: Value[]): Html {
  const result = html(strings, ...values);
  if (result instanceof Promise) throw new TypeError('An email fragment must not be asynchronous.');
  return result;
}

/** Only web links become anchors: a `javascript:` or `data:` URL stays visible text. */
const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

function anchor({ label, url }: Link): Html {
  return isWebUrl(url) ? fragment`<a href="${url}">${label}</a>` : fragment`${label}: ${url}`;
}

function blockHtml(block: Block): Html {
  switch (block.kind) {
    case 'paragraph':
      return fragment`<p>${block.text}</p>`;
    case 'heading':
      return fragment`<h2 style="font-size:1.1em;margin:1.5em 0 0.5em">${block.text}</h2>`;
    case 'link':
      return fragment`<p>${anchor(block.link)}</p>`;
    case 'list':
      return fragment`<ul>${block.items.map(
        (item) => fragment`<li>${typeof item === 'string' ? item : anchor(item)}</li>`,
      )}</ul>`;
    case 'quoted': {
      const paragraphs = normalizeNewlines(block.text)
        .split(/\n{2,}/)
        .map((part) => {
          const lines = part.split('\n');
          return fragment`<p>${lines.map((line, index) => (index === 0 ? fragment`${line}` : fragment`<br>${line}`))}</p>`;
        });
      return fragment`<blockquote style="margin:1em 0;padding-left:1em;border-left:3px solid #ccc">${paragraphs}</blockquote>`;
    }
  }
}

/** A whole document: inline styles only, no image, font or stylesheet fetched from anywhere. */
export function renderHtml(title: string, blocks: Block[]): string {
  return fragment`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em;margin:0 auto;padding:1em">
${blocks.map(
  (block) => fragment`${blockHtml(block)}
`,
)}</body>
</html>
`.toString();
}
