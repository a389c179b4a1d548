import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { houseFindings, MAX_FILES, MAX_LINES } from '../../../scripts/check-house.ts';

/** `npm run lint:house` on a small repository laid out in a temporary folder. */

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'house-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, lines: number): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), 'export {};\n'.repeat(lines));
}

function files(folder: string, count: number, extension = 'ts'): void {
  for (let index = 0; index < count; index++) write(`${folder}/m${index}.${extension}`, 1);
}

describe('houseFindings', () => {
  it('passes a file of exactly the limit and fails one line more, naming file, count and fix', () => {
    write('functions/ok.ts', MAX_LINES);
    write('shared/long.ts', MAX_LINES + 1);
    expect(houseFindings(root, [])).toEqual([
      {
        path: 'shared/long.ts',
        count: MAX_LINES + 1,
        message: expect.stringMatching(/^shared\/long\.ts has 451 lines, over .* 450: split it/),
      },
    ]);
  });

  it('counts lines without a final newline as wc -l would, plus the unterminated one', () => {
    mkdirSync(join(root, 'scripts'));
    writeFileSync(join(root, 'scripts/a.mjs'), `${'x\n'.repeat(MAX_LINES)}x`);
    expect(houseFindings(root, []).map((finding) => finding.count)).toEqual([MAX_LINES + 1]);
  });

  it('fails a folder with one source file more than the limit, whatever the kind', () => {
    files('test/integration', MAX_FILES - 1);
    write('test/integration/extra.cjs', 1);
    write('test/integration/notes.md', 1); // not a source file
    files('test/integration/topic', 3);
    expect(houseFindings(root, [])).toEqual([]);

    write('test/integration/one-more.tsx', 1);
    expect(houseFindings(root, [])).toEqual([
      {
        path: 'test/integration',
        count: MAX_FILES + 1,
        message: expect.stringMatching(
          /^test\/integration\/ holds 16 source files directly, over .* 15: group them into subfolders/,
        ),
      },
    ]);
  });

  it('skips installed and generated files and folders outside the source roots', () => {
    write('client/schema.ts', MAX_LINES * 10);
    write('tools/openapi-client/node_modules/big/index.js', MAX_LINES * 10);
    files('tools/openapi-client/node_modules/many', MAX_FILES * 2);
    files('openapi', MAX_FILES * 2);
    write('infra/types.d.ts', MAX_LINES * 2);
    expect(houseFindings(root, [])).toEqual([]);
  });

  it('lets an allowance through for its own path only', () => {
    files('functions/data', MAX_FILES + 1);
    files('functions/data/inner', MAX_FILES + 1);
    write('functions/data/long.ts', MAX_LINES + 1);
    const allowed = [{ path: 'functions/data', why: 'being regrouped' }];
    expect(houseFindings(root, allowed).map((finding) => finding.path)).toEqual([
      'functions/data/inner',
      'functions/data/long.ts',
    ]);
  });
});
