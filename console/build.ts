import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The organizer console's build (console/README.md): esbuild bundles console/src/main.tsx (Preact,
 * signals, oauth4webapi, the typed client) into content-hashed JS and CSS under `assets/`, and
 * writes `index.html` that loads them by URL: no inline script or style, so the strict
 * Content-Security-Policy of console/serve.ts holds. `npm run console:build` writes `.data/console/`;
 * `npm start` builds into memory; the series stack (later) uploads the same files to S3.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const ENTRY = join(HERE, 'src', 'main.tsx');
/** Where esbuild pretends to write (write: false): output paths are relative to it. */
const SCRATCH = join(ROOT, '.console-build');

/** Where the console lives under the API's origin (and the distribution's). */
export const CONSOLE_BASE = '/console';

export interface ConsoleBuildOptions {
  /** Where index.html and assets/ go; nothing is written when absent (the files are returned). */
  outdir?: string;
  /** Minify (default true: what is served is what is measured). */
  minify?: boolean;
}

export interface ConsoleFile {
  /** The path under the console's base, e.g. `index.html`, `assets/main-3FZ2KQ.js`. */
  path: string;
  contents: Uint8Array;
  contentType: string;
  /** Content-hashed: may be cached forever. index.html is not. */
  immutable: boolean;
}

export interface ConsoleBuild {
  files: ConsoleFile[];
  /** The JavaScript that index.html loads before anything else runs (the initial bundle). */
  initialScripts: string[];
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json',
};

const typeOf = (path: string) =>
  TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';

function indexHtml(script: string, stylesheet: string | undefined): string {
  const css = stylesheet ? `\n<link rel="stylesheet" href="${CONSOLE_BASE}/${stylesheet}">` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workshop console</title>
<link rel="icon" href="data:,">${css}
<script type="module" src="${CONSOLE_BASE}/${script}"></script>
</head>
<body>
<div id="console"><p>Loading the workshop console…</p></div>
<noscript>The workshop console needs JavaScript.</noscript>
</body>
</html>
`;
}

/** A metafile output key (relative to ROOT) as a path under the console's base. */
const fromOutput = (key: string) => relative(SCRATCH, resolve(ROOT, key));

export async function buildConsole(options: ConsoleBuildOptions = {}): Promise<ConsoleBuild> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: ENTRY },
    bundle: true,
    write: false,
    outdir: SCRATCH,
    entryNames: 'assets/[name]-[hash]',
    chunkNames: 'assets/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const files: ConsoleFile[] = result.outputFiles.map((file) => {
    const path = relative(SCRATCH, file.path);
    return { path, contents: file.contents, contentType: typeOf(path), immutable: true };
  });
  const outputs = result.metafile.outputs;
  const main = Object.entries(outputs).find(([, output]) => output.entryPoint !== undefined);
  if (!main) throw new Error('esbuild produced no console bundle');
  const script = fromOutput(main[0]);
  const stylesheet = main[1].cssBundle ? fromOutput(main[1].cssBundle) : undefined;
  const initialScripts = [
    script,
    ...main[1].imports
      .filter((imported) => imported.kind === 'import-statement')
      .map((imported) => fromOutput(imported.path)),
  ];
  files.push({
    path: 'index.html',
    contents: new TextEncoder().encode(indexHtml(script, stylesheet)),
    contentType: typeOf('index.html'),
    immutable: false,
  });
  if (options.outdir) {
    rmSync(options.outdir, { recursive: true, force: true });
    for (const file of files) {
      const target = join(options.outdir, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.contents);
    }
  }
  return { files, initialScripts };
}
