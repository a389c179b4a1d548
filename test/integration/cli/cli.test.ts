import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The npm start these tests run takes a free port for its sign-in provider, not 8764: a
// developer's npm start may hold that one.
process.env.SIGN_IN_PORT = '0';

/** The command-line entry points, run as a person would run them. */

const run = (script: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env, timeout: 60_000 });

const brokenDir = mkdtempSync(join(tmpdir(), 'workshop-editions-'));
writeFileSync(
  join(brokenDir, 'broken-2021.yaml'),
  'year: 2021\ntitle: Broken\nagenda:\n  - { kind: session, title: X, duration: soon, items: [] }\n',
);
afterAll(() => rmSync(brokenDir, { recursive: true, force: true }));

describe('npm run agenda:lint', () => {
  it('prints the 2020 overrun with its code, the sessions involved and the minutes', () => {
    const result = run('scripts/agenda-lint.ts', ['2020']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('OVERRUNS_FIXED_TIME');
    expect(result.stdout).toContain(
      '30 min  distribution, security, orchestration-1, lunch-break-1300',
    );
    expect(result.stdout).toContain('run until 13:30, 30 minutes into the 13:00 Lunch Break');
  });

  it('exits non-zero with --strict', () => {
    expect(run('scripts/agenda-lint.ts', ['2020', '--strict']).status).toBe(1);
  });

  it('prints findings as JSON with --json', () => {
    const result = run('scripts/agenda-lint.ts', ['--json']);
    const [report] = JSON.parse(result.stdout);
    expect(report).toMatchObject({ file: 'editions/hpcw-2020.yaml', year: 2020 });
    expect(report.findings.map((finding: { code: string }) => finding.code)).toEqual([
      'OVERRUNS_FIXED_TIME',
    ]);
  });

  it('names the file, the path and what is expected for a broken file, without a stack trace', () => {
    const result = run('scripts/agenda-lint.ts', ['--editions', brokenDir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /broken-2021\.yaml:4:\d+ +agenda\[0\]\.duration: expected a duration like/,
    );
    expect(result.stderr).toMatch(
      /broken-2021\.yaml:\d+:\d+ +shortTitle: missing: expected a non-empty text/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which years exist when asked for a missing one', () => {
    const result = run('scripts/agenda-lint.ts', ['1999']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('No edition file for 1999 in editions (found: 2020).');
  });
});

describe('cdk synth (infra/app.ts)', () => {
  it('stops on a broken edition file with the file, the path and what is expected', () => {
    const result = run('infra/app.ts', [], {
      ...process.env,
      CDK_CONTEXT_JSON: JSON.stringify({ editionsDir: brokenDir }),
      CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-out-')),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /broken-2021\.yaml:4:\d+ +agenda\[0\]\.duration: expected a duration like/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which editions exist when asked for a missing one', () => {
    const result = run('infra/app.ts', [], {
      ...process.env,
      CDK_CONTEXT_JSON: JSON.stringify({ edition: '1999' }),
      CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-out-')),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No edition file for edition=1999 (found: 2020).');
  });
});

describe('npm run edition', () => {
  it("writes next year's edition from this year's, and checks it", () => {
    const directory = mkdtempSync(join(tmpdir(), 'workshop-next-'));
    writeFileSync(join(directory, 'hpcw-2020.yaml'), readFileSync('editions/hpcw-2020.yaml'));
    const created = run('scripts/edition.ts', [
      'new',
      '2021',
      '--from',
      '2020',
      '--editions',
      directory,
    ]);
    expect(created.status).toBe(0);
    // The proposal's overrun comes along: said when the file is written, with how to fix it.
    expect(created.stdout).toContain('hpcw-2021.yaml carries over 1 lint finding(s) from ');
    expect(created.stdout).toContain(
      'error OVERRUNS_FIXED_TIME: After the 11:00 Coffee Break, DISTRIBUTION + SECURITY + ORCHESTRATION / SCHEDULING #1 (120 min) run until 13:30',
    );
    expect(created.stdout).toContain(
      'fix: shorten distribution, security, orchestration-1 by 30 minutes in all (their "duration"), or move lunch-break-1300 30 minutes later (its "at")',
    );
    expect(readFileSync(join(directory, 'hpcw-2021.yaml'), 'utf8')).toContain(
      'title: 7th Annual High Performance Containers Workshop',
    );
    const checked = run('scripts/edition.ts', ['check', '2021', '--editions', directory]);
    expect(checked.stdout).toContain('valid edition file, 1 lint finding(s)');
    expect(checked.status).toBe(1);
    expect(
      run('scripts/edition.ts', ['new', '2021', '--from', '2020', '--editions', directory]).status,
    ).toBe(2);
    rmSync(directory, { recursive: true, force: true });
  });
});

describe('npm start', () => {
  it('says exactly what to install when there is no Java', () => {
    const result = run('scripts/start.ts', [], { ...process.env, PATH: dirname(process.execPath) });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('DynamoDB Local needs Java 17 or newer');
    expect(result.stderr).toContain('sudo apt-get install -y openjdk-17-jre-headless');
  });

  it('says what to do when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const result = spawnSync(process.execPath, ['scripts/start.ts'], {
      encoding: 'utf8',
      env: { ...process.env, PORT: String(port) },
      timeout: 60_000,
    });
    blocker.close();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Port ${port} is in use`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a broken edition file before starting anything', () => {
    const result = run('scripts/start.ts', ['--editions', brokenDir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not a valid edition file');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints one Mail line with MailDev’s web UI, and stops MailDev with the server', async () => {
    const child = spawn(
      process.execPath,
      ['scripts/start.ts', '--now', '2020-05-15T10:00:00+02:00'],
      {
        env: { ...process.env, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stderr.resume();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner:\n${stdout}`)), 60_000);
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('Press Ctrl-C to stop.')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`npm start exited:\n${stdout}`)));
    });
    const mailLines = stdout.split('\n').filter((line) => line.startsWith('Mail:'));
    expect(mailLines).toHaveLength(1);
    expect(stdout).not.toContain('MailDev API running');
    const webUrl = /^Mail: (http:\/\/localhost:\d+)$/.exec(mailLines[0] ?? '')?.[1];
    expect(webUrl).toBeDefined();
    const page = await fetch(String(webUrl), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await (await fetch(`${webUrl}/api/email`)).json()).toEqual([]);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${webUrl}/api/email`)).rejects.toThrow();
  }, 90_000);
});
