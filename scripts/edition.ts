import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { EDITIONS_DIR, findEditionFile, loadEditionFile } from '#editions/load.ts';
import { nextEdition } from '#shared/edition/next.ts';
import { parseCommandLine, pathFromInvocation } from './lib/cli.ts';
import { checkEditionFile, checkEditionFolder, reportCarriedOver } from './lib/edition-check.ts';
import { RELEASE_USAGE, releaseCommand } from './lib/release.ts';

/**
 * `npm run edition -- new 2021 --from 2020`: next year's edition file, from this year's.
 * `npm run edition -- check 2021` (or a file's path): validates and lints it (exit 2 when invalid,
 * 1 on lint errors); over a folder, every file in it, and warns of a person id with two names.
 * `npm run edition -- release 2020 --file PATH`: the file as the edition's next release (lib/release.ts).
 */

const usage = `Usage:
  npm run edition -- new <year> --from <year> [--editions DIR] [--force]
  npm run edition -- check <year> [--editions DIR]
  npm run edition -- check <path/to/edition.yaml>
  npm run edition -- check <folder>
${RELEASE_USAGE}`;

if (process.argv[2] === 'release') process.exit(await releaseCommand(process.argv.slice(3), usage));

const { values, positionals } = parseCommandLine(
  {
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      editions: { type: 'string', default: EDITIONS_DIR },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  },
  usage,
);

const [command, yearText] = positionals;
const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();
const fail = (message: string, code = 2): never => {
  console.error(message);
  process.exit(code);
};
// check takes a year, an edition file's path (e.g. editions/hpcw-2020.yaml) or a folder of them.
if (command === 'check' && yearText && /\.ya?ml$/.test(yearText))
  process.exit(checkEditionFile(() => loadEditionFile(pathFromInvocation(yearText))));
if (
  command === 'check' &&
  yearText &&
  !/^\d{4}$/.test(yearText) &&
  isFolder(pathFromInvocation(yearText))
)
  process.exit(checkEditionFolder(pathFromInvocation(yearText)));
if (!yearText || !/^\d{4}$/.test(yearText) || !['new', 'check'].includes(command ?? ''))
  fail(usage);
const year = Number(yearText);

try {
  if (command === 'check')
    process.exit(checkEditionFile(() => findEditionFile(year, values.editions)));
  if (!values.from || !/^\d{4}$/.test(values.from)) fail(`--from <year> is required.\n\n${usage}`);
  const { file: fromFile, edition: previous } = findEditionFile(
    Number(values.from),
    values.editions,
  );
  const edition = nextEdition(previous, year);
  const slug = previous.shortTitle
    .replace(/\d+$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  const target = join(values.editions, `${slug}-${year}.yaml`);
  if (existsSync(target) && !values.force)
    fail(`${relative(process.cwd(), target)} exists already (--force replaces it).`);
  const header = [
    '# yaml-language-server: $schema=./edition.schema.json',
    '#',
    `# ${edition.shortTitle}, made from ${fromFile} by \`npm run edition -- new ${year} --from ${values.from}\`.`,
    "# ASSUMPTION: date and registration window are last year's, one year on: check them.",
    '# Talks and speakers are left out: add them here, or through the organizer API after deploying.',
    '',
  ].join('\n');
  writeFileSync(target, header + stringify(edition, { lineWidth: 100, blockQuote: 'literal' }));
  console.log(
    `wrote ${relative(process.cwd(), target)}; check it with: npm run edition -- check ${year}`,
  );
  reportCarriedOver(target, fromFile);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
