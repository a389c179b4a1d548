import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { FUNCTION_ENTRIES, LAMBDA_BUNDLE, lambdaBuildOptions } from '../infra/bundling.ts';

/**
 * `npm run bench:bundle`: each function bundled exactly as the stack bundles it (infra/bundling.ts),
 * next to a bare Hono + DynamoDB client function built the same way. Target: at most 2x the bare one.
 */

const TARGET_RATIO = 2;

/** Every file the function deploys: index.mjs, and the chunks of a code-split function. */
async function bundleSize(entry: string) {
  const result = await build({ ...lambdaBuildOptions(entry, 'out'), write: false });
  const code = result.outputFiles.filter((file) => file.path.endsWith('.mjs'));
  if (code.length === 0) throw new Error(`esbuild produced no bundle for ${entry}`);
  const sum = (sizes: number[]) => sizes.reduce((total, size) => total + size, 0);
  return {
    bytes: sum(code.map((file) => file.contents.length)),
    gzipBytes: sum(code.map((file) => gzipSync(file.contents).length)),
  };
}

const kilobytes = (bytes: number) => (bytes / 1024).toFixed(1);
const floor = await bundleSize('bench/bare/handler.ts');
const rows: [string, Awaited<ReturnType<typeof bundleSize>>][] = [
  ['bare Hono + DynamoDB client (floor)', floor],
];
for (const [name, entry] of Object.entries(FUNCTION_ENTRIES))
  rows.push([name, await bundleSize(entry)]);

if (process.argv.includes('--json')) {
  const json = rows.map(([name, size]) => ({ name, ...size, ratio: size.bytes / floor.bytes }));
  console.log(JSON.stringify(json));
  process.exit(0);
}
console.log(
  `\nBundle sizes: esbuild ${LAMBDA_BUNDLE.format}, ${LAMBDA_BUNDLE.target}, minified, AWS SDK bundled\n`,
);
console.log('| function | minified KB | gzip KB | vs floor | within 2x |');
console.log('|---|---|---|---|---|');
let allWithin = true;
for (const [name, size] of rows) {
  const ratio = size.bytes / floor.bytes;
  // The seeder runs once per deploy, not per request: it may carry the full edition schema.
  const counts = name !== 'seed';
  if (counts && ratio > TARGET_RATIO) allWithin = false;
  console.log(
    `| ${name} | ${kilobytes(size.bytes)} | ${kilobytes(size.gzipBytes)} | ${ratio.toFixed(2)}x | ${counts ? (ratio <= TARGET_RATIO ? 'yes' : 'NO') : 'n/a (deploy only)'} |`,
  );
}
process.exitCode = allWithin ? 0 : 1;
