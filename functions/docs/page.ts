/**
 * /docs: a self-contained page (no framework, nothing fetched but /openapi.json) that lists every
 * operation with its parameters, body and answers, and can try each one against this API.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workshop API: documentation</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem; color: #1b1f24; }
  h1 { margin-bottom: .25rem; } .muted { color: #57606a; }
  details { border: 1px solid #d0d7de; border-radius: 6px; margin: .5rem 0; }
  summary { cursor: pointer; padding: .5rem .75rem; } summary:focus-visible { outline: 3px solid #0969da; }
  .method { display: inline-block; min-width: 4.5rem; font-weight: 700; font-family: monospace; }
  .get { color: #1a7f37; } .post { color: #0969da; } .put, .patch { color: #9a6700; } .delete { color: #cf222e; }
  .body { padding: 0 .75rem .75rem; } code, pre { font-family: ui-monospace, monospace; font-size: 14px; }
  pre { background: #f6f8fa; padding: .5rem; overflow: auto; max-height: 24rem; }
  label { display: block; margin: .25rem 0; } input, textarea { font: inherit; width: 100%; box-sizing: border-box; }
  button { font: inherit; padding: .25rem .75rem; margin-top: .5rem; }
</style>
</head>
<body>
<header><h1>Workshop API</h1><p class="muted" id="description">Loading /openapi.json…</p></header>
<main id="operations" aria-live="polite"></main>
<script>
(async () => {
  const doc = await (await fetch('/openapi.json')).json();
  document.getElementById('description').textContent = doc.info.description + ' (OpenAPI ' + doc.openapi + ', version ' + doc.info.version + ')';
  const main = document.getElementById('operations');
  const el = (tag, attributes, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  };
  let count = 0;
  for (const tag of doc.tags) {
    const section = el('section', { 'aria-labelledby': 'tag-' + tag.name }, el('h2', { id: 'tag-' + tag.name }, tag.name), el('p', { class: 'muted' }, tag.description));
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (!operation.tags.includes(tag.name)) continue;
        count += 1;
        const id = 'op-' + count;
        const form = el('form', { 'aria-label': 'Try ' + method.toUpperCase() + ' ' + path });
        for (const parameter of operation.parameters) {
          const inputId = id + '-' + parameter.in + '-' + parameter.name;
          form.append(el('label', { for: inputId }, parameter.name + ' (' + parameter.in + (parameter.required ? ', required' : '') + ')'),
            el('input', { id: inputId, name: parameter.name, 'data-in': parameter.in, ...(parameter.required ? { required: '' } : {}) }));
        }
        if (operation.security) {
          form.append(el('label', { for: id + '-token' }, 'Bearer token'), el('input', { id: id + '-token', name: 'token', 'data-in': 'auth' }));
        }
        if (operation.requestBody) {
          form.append(el('label', { for: id + '-body' }, 'JSON body'), el('textarea', { id: id + '-body', name: 'body', rows: '6', 'data-in': 'body' }));
        }
        const output = el('pre', { 'aria-live': 'polite', 'aria-label': 'Response' });
        form.append(el('button', { type: 'submit' }, 'Send request'));
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          let url = path; const query = new URLSearchParams(); const headers = {}; let body;
          for (const input of form.querySelectorAll('[data-in]')) {
            const value = input.value.trim(); if (!value) continue;
            const where = input.dataset.in;
            if (where === 'path') url = url.replace('{' + input.name + '}', encodeURIComponent(value));
            else if (where === 'query') query.set(input.name, value);
            else if (where === 'header') headers[input.name] = value;
            else if (where === 'auth') headers.authorization = 'Bearer ' + value;
            else if (where === 'body') { body = value; headers['content-type'] = 'application/json'; }
          }
          const response = await fetch(url + (query.size ? '?' + query : ''), { method: method.toUpperCase(), headers, body });
          const text = await response.text();
          output.textContent = response.status + ' ' + response.statusText + '\\n' + (response.headers.get('content-type') || '') + '\\n\\n' + text.slice(0, 20000);
        });
        const answers = el('ul');
        for (const [status, answer] of Object.entries(operation.responses)) answers.append(el('li', {}, el('code', {}, status), ' ' + answer.description));
        const schema = operation.requestBody ? el('pre', { 'aria-label': 'Request body schema' }, JSON.stringify(operation.requestBody.content['application/json'].schema, null, 2)) : '';
        section.append(el('details', { id },
          el('summary', {}, el('span', { class: 'method ' + method }, method.toUpperCase()), el('code', {}, path), ' ' + operation.summary),
          el('div', { class: 'body' }, el('h3', {}, 'Answers'), answers, schema, el('h3', {}, 'Try it'), form, output)));
      }
    }
    main.append(section);
  }
})();
</script>
</body>
</html>
`;
