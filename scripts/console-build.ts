import { gzipSync } from 'node:zlib';
import { buildConsole } from '../console/build.ts';

/** `npm run console:build`: the organizer console into .data/console/ (index.html, assets/). */

const OUTDIR = '.data/console';
const build = await buildConsole({ outdir: OUTDIR });
for (const file of build.files) {
  console.log(
    `  ${file.path}  ${(file.contents.length / 1024).toFixed(1)} KB (gzip ${(gzipSync(file.contents).length / 1024).toFixed(1)} KB)`,
  );
}
console.log(`The console is in ${OUTDIR}/.`);
