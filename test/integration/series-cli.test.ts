import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
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
