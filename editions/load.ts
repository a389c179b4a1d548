import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EditionFileError, parseEditionFile } from '#shared/edition/parse.ts';
import type { EditionSource } from '#shared/edition/schema.ts';

/** Reads the edition files (editions/*.yaml). Validation itself is pure, in shared/edition. */

export const EDITIONS_DIR = fileURLToPath(new URL('.', import.meta.url));

export interface EditionFile {
  file: string;
  edition: EditionSource;
}

export function editionFilePaths(directory = EDITIONS_DIR): string[] {
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(directory, name));
}

export function loadEditionFile(path: string): EditionFile {
  const file = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EditionFileError(file, [
      { path: '(file)', line: 0, column: 0, message: `cannot be read: ${reason}` },
    ]);
  }
  return { file, edition: parseEditionFile(file, text) };
}

/** Every edition file, validated; two files for one year are an error. */
export function loadEditionFiles(directory = EDITIONS_DIR): EditionFile[] {
  const files = editionFilePaths(directory).map(loadEditionFile);
  const seen = new Map<number, string>();
  for (const { file, edition } of files) {
    const other = seen.get(edition.year);
    if (other) {
      throw new EditionFileError(file, [
        {
          path: 'year',
          line: 0,
          column: 0,
          message: `expected a year no other file has: ${other} is also ${edition.year}`,
        },
      ]);
    }
    seen.set(edition.year, file);
  }
  return files;
}

export function findEditionFile(year: number, directory = EDITIONS_DIR): EditionFile {
  const match = loadEditionFiles(directory).find(({ edition }) => edition.year === year);
  if (!match) {
    const known = loadEditionFiles(directory).map(({ edition }) => edition.year);
    throw new Error(
      `No edition file for ${year} in ${relative(process.cwd(), directory) || '.'} (found: ${known.join(', ') || 'none'}).`,
    );
  }
  return match;
}
