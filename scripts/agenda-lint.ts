import {
  EDITIONS_DIR,
  type EditionFile,
  findEditionFile,
  loadEditionFiles,
} from '#editions/load.ts';
import { formatClockTime } from '#shared/agenda/clock.ts';
import { type LintFinding, lintAgenda } from '#shared/agenda/lint.ts';
import { timeAgenda } from '#shared/agenda/timing.ts';
import { parseCommandLine } from './lib/cli.ts';

/**
 * `npm run agenda:lint -- [year] [--strict] [--json]`: reports what does not add up in an
 * edition's agenda. Exit 0, or 1 with --strict when there are findings; 2 for a broken file.
 */

const usage = `Usage: npm run agenda:lint -- [year] [--strict] [--json] [--editions DIR]

Reports what does not add up in the agenda of one edition (or all of them).
  --strict          exit 1 when there is any finding
  --json            print the findings as JSON
  --editions DIR    read the edition files from DIR (default: editions/)`;

const { values, positionals } = parseCommandLine(
  {
    allowPositionals: true,
    options: {
      strict: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      editions: { type: 'string', default: EDITIONS_DIR },
      help: { type: 'boolean', default: false },
    },
  },
  usage,
);

if (positionals.length > 1 || (positionals[0] && !/^\d{4}$/.test(positionals[0]))) {
  console.error(usage);
  process.exit(2);
}

function report({ file, edition }: EditionFile, findings: LintFinding[]): void {
  const days = timeAgenda(edition)
    .days.map((day) => `${day.date} from ${formatClockTime(day.start)}`)
    .join(', ');
  console.log(`${file}: ${edition.shortTitle}, ${days} (${edition.timezone})`);
  for (const finding of findings) {
    console.log(
      `  ${finding.severity.padEnd(7)} ${finding.code.padEnd(24)} ${String(finding.minutes).padStart(4)} min  ${finding.ids.join(', ')}`,
    );
    console.log(`          ${finding.message}`);
  }
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.length - errors;
  console.log(
    findings.length === 0
      ? '  no findings\n'
      : `  ${errors} error(s), ${warnings} warning(s). The published times are as computed; change the file to resolve them.\n`,
  );
}

try {
  const files = positionals[0]
    ? [findEditionFile(Number(positionals[0]), values.editions)]
    : loadEditionFiles(values.editions);
  const results = files.map((file) => ({ file, findings: lintAgenda(file.edition) }));
  if (values.json) {
    console.log(
      JSON.stringify(
        results.map(({ file, findings }) => ({
          file: file.file,
          year: file.edition.year,
          findings,
        })),
        null,
        2,
      ),
    );
  } else {
    for (const { file, findings } of results) report(file, findings);
  }
  const total = results.reduce((sum, { findings }) => sum + findings.length, 0);
  process.exit(values.strict && total > 0 ? 1 : 0);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
