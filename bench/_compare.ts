import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../infra/bundling.ts';
import { LOCAL_TABLE_NAME, startLocalStack } from '../scripts/lib/local-stack.ts';

process.env.LOG_LEVEL = 'warn';
const OUT = '/tmp/compare';
mkdirSync(OUT, { recursive: true });
const entries = {
  bare: `${process.cwd()}/bench/bare/handler.ts`,
  'public (main)': '/tmp/before/functions/public/handler.ts',
  'public (write-path)': `${process.cwd()}/functions/public/handler.ts`,
};
const files: Record<string, string> = {};
const sizes: Record<string, number> = {};
for (const [name, entry] of Object.entries(entries)) {
  const outfile = `${OUT}/${name.replace(/\W+/g, '_')}/index.mjs`;
  const options = lambdaBuildOptions(entry, outfile);
  const result = await build({
    ...options,
    absWorkingDir: entry.startsWith('/tmp/before') ? '/tmp/before' : process.cwd(),
    write: true,
    metafile: true,
  });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.mjs'));
  sizes[name] = output?.[1].bytes ?? 0;
  files[name] = outfile;
}
for (const [name, bytes] of Object.entries(sizes))
  console.log(
    `bundle ${name}: ${(bytes / 1024).toFixed(1)} KB, ${(bytes / (sizes.bare ?? 1)).toFixed(3)}x`,
  );
const child = `${OUT}/child.mjs`;
writeFileSync(
  child,
  `const [b, e] = process.argv.slice(2); const { handler } = await import(b); const r = await handler(JSON.parse(e), {}); process.stdout.write(String(r.statusCode));`,
);
const stack = await startLocalStack({ port: 0, secrets: { jwtSecret: 'b', emailHashKey: 'b' } });
const env = {
  PATH: process.env.PATH,
  TABLE_NAME: LOCAL_TABLE_NAME,
  AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoDbEndpoint,
  AWS_REGION: 'local',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  EMAIL_HASH_KEY: 'bench',
  PUBLIC_URL: 'https://hpcw.example.org',
  LOG_LEVEL: 'warn',
};
const ev = (path: string) =>
  JSON.stringify({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'bench.local' },
    isBase64Encoded: false,
    requestContext: {
      http: {
        method: 'GET',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      stage: '$default',
      requestId: 'r',
    },
  });
const run = (file: string, event: string) =>
  new Promise<number>((resolve, reject) => {
    const t = performance.now();
    const p = spawn(process.execPath, [child, file, event], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => {
      out += c;
    });
    p.stderr.on('data', (c) => {
      err += c;
    });
    p.on('exit', (code) =>
      code === 0 && /^\d{3}$/.test(out)
        ? resolve(performance.now() - t)
        : reject(new Error(`${code} ${out} ${err.slice(0, 300)}`)),
    );
  });
const paths = (process.argv[2] ?? '/editions/2020/agenda').split(',');
for (const path of paths) {
  const times = new Map<string, number[]>(Object.keys(files).map((n) => [n, []]));
  for (let round = 0; round < 20; round++)
    for (const [name, file] of Object.entries(files))
      times.get(name)?.push(await run(file, ev(name === 'bare' ? '/items/x' : path)));
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? 0;
  const floor = median(times.get('bare') ?? []);
  for (const [name, values] of times)
    console.log(
      `cold ${path} ${name}: median ${median(values).toFixed(1)} ms, ${(median(values) / floor).toFixed(3)}x`,
    );
}
await stack.stop();
