import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The series' command lines: `npm start -- --editions DIR` and `npm run edition -- check PATH`. */

const run = (script: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env, timeout: 60_000 });

const emptyDir = mkdtempSync(join(tmpdir(), 'workshop-empty-'));
const brokenDir = mkdtempSync(join(tmpdir(), 'workshop-broken-'));
writeFileSync(join(brokenDir, 'broken-2021.yaml'), 'year: 2021\ntitle: Broken\n');
afterAll(() => {
  rmSync(emptyDir, { recursive: true, force: true });
  rmSync(brokenDir, { recursive: true, force: true });
});

describe('npm start -- --editions DIR', () => {
  it('refuses a folder that does not exist, before starting anything', () => {
    const result = run('scripts/start.ts', ['--editions', join(emptyDir, 'missing')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not a folder');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a folder without edition files and says how to make one', () => {
    const result = run('scripts/start.ts', ['--editions', emptyDir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('No edition files (*.yaml) in');
    expect(result.stderr).toContain('npm run edition -- new');
  });

  it('reads a relative folder from where npm was run (INIT_CWD)', () => {
    const result = run('scripts/start.ts', ['--editions', basename(brokenDir)], {
      ...process.env,
      INIT_CWD: dirname(brokenDir),
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('broken-2021.yaml');
    expect(result.stderr).toContain('is not a valid edition file');
  });
});

describe('npm run edition -- check PATH', () => {
  it('validates and lints a file by its path: 0 when clean', () => {
    const result = run('scripts/edition.ts', ['check', 'test/fixtures/hpcw-2020-online.yaml']);
    expect(result.stdout).toContain(
      'test/fixtures/hpcw-2020-online.yaml: valid edition file, 0 lint finding(s)',
    );
    expect(result.status).toBe(0);
  });

  it('exits 1 on lint errors, as check <year> does', () => {
    const byPath = run('scripts/edition.ts', ['check', 'editions/hpcw-2020.yaml']);
    expect(byPath.stdout).toContain('error OVERRUNS_FIXED_TIME');
    expect(byPath.status).toBe(1);
    const byYear = run('scripts/edition.ts', ['check', '2020']);
    expect(byYear.stdout).toBe(byPath.stdout);
    expect(byYear.status).toBe(1);
  });

  it('exits 2 for a broken or missing file, naming it, without a stack trace', () => {
    const broken = run('scripts/edition.ts', ['check', join(brokenDir, 'broken-2021.yaml')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('broken-2021.yaml is not a valid edition file');
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    const missing = run('scripts/edition.ts', ['check', join(emptyDir, 'hpcw-2031.yaml')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot be read');
  });

  it('reads a relative path from where npm was run (INIT_CWD)', () => {
    const result = run('scripts/edition.ts', ['check', 'hpcw-2020-online.yaml'], {
      ...process.env,
      INIT_CWD: join(process.cwd(), 'test', 'fixtures'),
    });
    expect(result.status).toBe(0);
  });

  it('still answers anything else with the usage', () => {
    const result = run('scripts/edition.ts', ['check', 'no-such-folder']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm run edition -- check <path/to/edition.yaml>');
  });
});

describe('npm run edition -- check FOLDER', () => {
  it('checks every file of the folder: the fixtures are valid, lint clean, one name per person', () => {
    const result = run('scripts/edition.ts', ['check', 'test/fixtures']);
    expect(result.stdout).toContain(
      'test/fixtures/hpcw-printed-example.yaml: valid edition file, 0 lint finding(s)',
    );
    expect(result.stdout).toContain('test/fixtures/hpcw-hall-example.yaml: valid edition file');
    expect(result.stdout).not.toContain('warning');
    expect(result.status).toBe(0);
  });

  it('warns when one person id carries different names across the files', () => {
    const folder = mkdtempSync(join(tmpdir(), 'workshop-people-'));
    copyFileSync('test/fixtures/hpcw-hall-example.yaml', join(folder, 'hpcw-2019.yaml'));
    writeFileSync(
      join(folder, 'hpcw-2018.yaml'),
      readFileSync('test/fixtures/hpcw-printed-example.yaml', 'utf8').replace(
        'name: Christian Kniep',
        'name: Chris Kniep',
      ),
    );
    const result = run('scripts/edition.ts', ['check', folder]);
    rmSync(folder, { recursive: true, force: true });
    expect(result.stdout).toContain(
      `warning: person id "christian-kniep" carries different names: "Chris Kniep" in ${relative(process.cwd(), join(folder, 'hpcw-2018.yaml'))}, "Christian Kniep" in ${relative(process.cwd(), join(folder, 'hpcw-2019.yaml'))}.`,
    );
    // A warning: names do change (a new family name), so the folder still checks clean.
    expect(result.status).toBe(0);
  });

  it('exits 2 when a file of the folder is invalid, naming it', () => {
    const result = run('scripts/edition.ts', ['check', brokenDir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('broken-2021.yaml is not a valid edition file');
  });
});
