import { relative } from 'node:path';
import { type EditionFile, editionFilePaths, loadEditionFile } from '#editions/load.ts';
import { hasErrors, type LintFinding, lintAgenda } from '#shared/agenda/lint.ts';
import { howToFix } from '#shared/agenda/lint-fixes.ts';
import { personNameConflicts } from '#shared/edition/people.ts';

/**
 * What `npm run edition -- check` and `new` print about edition files: each file valid or not, its
 * lint findings, and over a folder the person ids that carry different names.
 * Exit codes: 0 clean, 1 on lint errors, 2 when a file is invalid.
 */

const printFindings = (findings: LintFinding[], withFixes = false) => {
  for (const finding of findings) {
    console.log(`  ${finding.severity} ${finding.code}: ${finding.message}`);
    if (withFixes) console.log(`    fix: ${howToFix(finding)}`);
  }
};

/** Validates and lints one file: its exit code. */
function checkOne(load: () => EditionFile): { code: 0 | 1 | 2; file?: EditionFile } {
  try {
    const file = load();
    const findings = lintAgenda(file.edition);
    console.log(`${file.file}: valid edition file, ${findings.length} lint finding(s)`);
    printFindings(findings);
    return { code: hasErrors(findings) ? 1 : 0, file };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return { code: 2 };
  }
}

export function checkEditionFile(load: () => EditionFile): 0 | 1 | 2 {
  return checkOne(load).code;
}

/** Every edition file of a folder, then one person id with different names across them (warnings). */
export function checkEditionFolder(directory: string): 0 | 1 | 2 {
  const paths = editionFilePaths(directory);
  if (paths.length === 0) {
    console.error(`No edition files (*.yaml) in ${relative(process.cwd(), directory) || '.'}.`);
    return 2;
  }
  const results = paths.map((path) => checkOne(() => loadEditionFile(path)));
  const valid = results.flatMap((result) => (result.file ? [result.file] : []));
  for (const { personId, names } of personNameConflicts(valid)) {
    const given = names.map(({ name, file }) => `"${name}" in ${file}`).join(', ');
    console.log(
      `warning: person id "${personId}" carries different names: ${given}. A person id names one person in every edition: give the same name, or the other person an id of their own.`,
    );
  }
  return Math.max(...results.map((result) => result.code)) as 0 | 1 | 2;
}

/** After `new` wrote a file: the lint findings it carries over from the file it was made from. */
export function reportCarriedOver(target: string, fromFile: string): void {
  const { file, edition } = loadEditionFile(target);
  const findings = lintAgenda(edition);
  if (findings.length === 0) return;
  console.log(
    `${file} carries over ${findings.length} lint finding(s) from ${fromFile}; \`edition -- check\` reports them until they are fixed:`,
  );
  printFindings(findings, true);
}
