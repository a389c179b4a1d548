import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEditionFile } from '#editions/load.ts';
import { EditionFileError } from '#shared/edition/parse.ts';
import { storedToken } from './login.ts';

/**
 * `npm run edition -- release <year> --file PATH`: publishes an edition file as the next release
 * of its edition through the organizer API, the same HTTP calls locally and in AWS:
 * GET …/draft (its ETag), PUT …/draft (the file's source, If-Match), POST …/agenda/releases.
 * Exit 0 when released, 2 when the file or the command line is wrong, 1 when the API refuses.
 */

export const RELEASE_USAGE =
  '  npm run edition -- release <year> --file PATH [--url URL] [--token TOKEN] [--name NAME] [--comment TEXT] [--force-reason TEXT] [--no-notify]';

class CommandError extends Error {
  readonly code: 1 | 2;
  constructor(message: string, code: 1 | 2) {
    super(message);
    this.code = code;
  }
}

/** `API_URL`, else the local server on the `PORT` that `npm start` reads (3000 by default). */
export const defaultApiUrl = (env: NodeJS.ProcessEnv = process.env) =>
  env.API_URL || `http://localhost:${env.PORT || 3000}`;

/** The line of the file's top-level `year:`, for a message that points at it. */
function yearLine(path: string) {
  const lines = readFileSync(path, 'utf8').split('\n');
  return lines.findIndex((line) => /^year\s*:/.test(line)) + 1 || 1;
}

interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  errors?: { name: string; in: string; detail: string }[];
  findings?: { severity: string; code: string; message: string }[];
}

function describeProblem(step: string, status: number, problem: Problem) {
  const lines = [
    `${step}: ${status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`,
  ];
  for (const error of problem.errors ?? []) lines.push(`  ${error.name}: ${error.detail}`);
  for (const finding of problem.findings ?? [])
    lines.push(`  ${finding.severity} ${finding.code}: ${finding.message}`);
  if (problem.type?.endsWith('/release-has-lint-errors'))
    lines.push('Fix them, or release anyway with --force-reason TEXT (kept in the changelog).');
  return lines.join('\n');
}

async function call(step: string, url: string, init: RequestInit) {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new CommandError(`${step}: cannot reach ${url}: ${(error as Error).message}`, 1);
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new CommandError(
      describeProblem(step, response.status, body as Problem),
      response.status === 400 ? 2 : 1,
    );
  }
  return { response, body };
}

async function release(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      url: { type: 'string', default: defaultApiUrl() },
      token: { type: 'string', default: process.env.ORGANIZER_TOKEN },
      name: { type: 'string' },
      comment: { type: 'string' },
      'force-reason': { type: 'string' },
      // Registrants are mailed what the release moves unless this is given (a typo fix).
      'no-notify': { type: 'boolean', default: false },
    },
  });
  const [yearText] = positionals;
  if (!yearText || !/^\d{4}$/.test(yearText) || !values.file || positionals.length > 1)
    throw new CommandError('release needs <year> and --file PATH.', 2);
  const year = Number(yearText);
  const { file, edition } = loadEditionFile(values.file);
  if (edition.year !== year) {
    throw new CommandError(
      `${file} is not an edition file of ${year}:\n  ${file}:${yearLine(values.file)}:1  year: expected ${year}, got ${edition.year}`,
      2,
    );
  }
  const base = values.url.replace(/\/+$/, '');
  // Given, else the stored login for this API (refreshed when expired): npm run login.
  const token = values.token || (await storedToken(base));
  if (!token)
    throw new CommandError(
      `No organizer token for ${base}: run npm run login -- --url ${base} (or pass --token TOKEN; locally also --token "$(npm run -s token)").`,
      2,
    );
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const admin = `${base}/admin/editions/${year}`;

  const { response: read } = await call('reading the draft', `${admin}/draft`, { headers });
  const { body: replaced } = await call('replacing the draft', `${admin}/draft`, {
    method: 'PUT',
    headers: { ...headers, 'if-match': read.headers.get('etag') ?? '' },
    body: JSON.stringify(edition),
  });
  const findings = (replaced.findings as unknown[] | undefined)?.length ?? 0;
  const name = values.name ?? basename(file, extname(file));
  const { body } = await call('releasing', `${admin}/agenda/releases`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name,
      comment: values.comment ?? `Published from ${file}.`,
      ...(values['force-reason'] ? { force: { reason: values['force-reason'] } } : {}),
      ...(values['no-notify'] ? { notify: false } : {}),
    }),
  });
  const number = (body.release as { number: number }).number;
  const joinUrl = body.joinUrl as { changed: boolean; notified: number } | undefined;
  const told = (body.notified as { registrants: number } | undefined)?.registrants ?? 0;
  const dropped = (body.liveDelaysDropped as { from: string; reason: string }[] | undefined) ?? [];
  console.log(
    `${file}: released as ${year} release ${number} ("${name}"), ${findings} lint finding(s).\n` +
      (joinUrl?.changed
        ? `The join URL changed: the new link is mailed to ${joinUrl.notified} confirmed registrant(s).\n`
        : '') +
      (told > 0
        ? `What it moved is mailed to ${told} registrant(s), confirmed and waiting.\n`
        : '') +
      (dropped.length > 0
        ? `Live delays dropped with their slots: ${dropped.map((one) => `${one.from} (${one.reason})`).join(', ')}.\n`
        : '') +
      `What changed: ${base}/editions/${year}/agenda/changes?from=${number - 1}&to=${number}`,
  );
}

/** Runs the subcommand; returns the exit code, printing what went wrong (never a stack trace). */
export async function releaseCommand(args: string[], usage: string): Promise<number> {
  try {
    await release(args);
    return 0;
  } catch (error) {
    if (error instanceof EditionFileError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof CommandError) {
      console.error(
        error.code === 2 && !error.message.includes('\n')
          ? `${error.message}\n\n${usage}`
          : error.message,
      );
      return error.code;
    }
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
}
