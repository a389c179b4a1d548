import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { FUNCTION_ENTRIES, LAMBDA_BUNDLE, lambdaBuildOptions } from '../infra/bundling.ts';

/**
 * `npm run bench:bundle`: each function bundled exactly as the stack bundles it (infra/bundling.ts),
 * next to a bare Hono + DynamoDB client function built the same way. Target: at most 2x the bare one.
 */

const TARGET_RATIO = 2;

async function bundleSize(entry: string) {
  const result = await build({ ...lambdaBuildOptions(entry, 'index.mjs'), write: false });
  const code = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
  if (!code) throw new Error(`esbuild produced no bundle for ${entry}`);
  return { bytes: code.contents.length, gzipBytes: gzipSync(code.contents).length };
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
