import { PAGE_SCRIPT, PAGE_STYLE } from './assets.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * Every page's document: its style and script inline, the data the script reads. Apart from the
 * views so that the registrations function, which answers posted forms with pages
 * (registration-pages.ts), carries this and not the edition page.
 */
export function layout(
  title: string,
  body: SafeHtml,
  data: Record<string, unknown>,
  options: { refreshSeconds?: number; script?: boolean } = {},
): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${String(options.refreshSeconds)}">` : ''}
<title>${title}</title>
<style>${{ html: PAGE_STYLE }}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${body}
${
  options.script === false
    ? ''
    : html`<script type="application/json" id="page-data">${{ html: JSON.stringify(data).replace(/</g, '\\u003c') }}</script>
<script>${{ html: PAGE_SCRIPT }}</script>`
}
</body>
</html>
`.html;
}
