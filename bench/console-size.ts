import { gzipSync } from 'node:zlib';
import { buildConsole } from '../console/build.ts';

/**
 * The organizer console's initial JavaScript (what index.html loads before anything runs), built
 * as it is served (console/build.ts, minified), gzipped. Target (issue 24): under 80 KB gzip.
 */

const CONSOLE_BUDGET_BYTES = 80 * 1024;

const build = await buildConsole();
const initial = build.initialScripts.map((path) => {
  const file = build.files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`index.html loads ${path}, which the build lacks`);
  return file.contents;
});
const bytes = initial.reduce((sum, contents) => sum + contents.length, 0);
const gzipBytes = initial.reduce((sum, contents) => sum + gzipSync(contents).length, 0);
const result = { name: 'console', bytes, gzipBytes, ratio: gzipBytes / CONSOLE_BUDGET_BYTES };

if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else
  console.log(
    `Console initial JS: ${(bytes / 1024).toFixed(1)} KB, ${(gzipBytes / 1024).toFixed(1)} KB gzip (${(result.ratio * 100).toFixed(0)}% of 80 KB)`,
  );
