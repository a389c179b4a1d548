import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnlineAccessStore } from '#functions/data/editions/online-access.ts';
import {
  LOCAL_TABLE_NAME,
  type LocalStack,
  startLocalStack,
} from '../../../scripts/lib/local-stack.ts';
import { organizerToken as signedToken } from '../../support/auth/sign-in.ts';

/**
 * The real 2020 (online, three days) published as the next release of the 2020 edition by
 * `npm run edition -- release`, run as a person runs it, against the local server on a free port
 * that started with the proposal as release 1. On DynamoDB Local.
 */

const HISTORY_FILE = 'editions/history/hpcw-2020-online.yaml';
const STREAM_URL = 'https://stream.invalid/hpcw2020';

let stack: LocalStack;
const scratch = mkdtempSync(join(tmpdir(), 'workshop-history-'));

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function release(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        'scripts/edition.ts',
        'release',
        ...args,
        '--url',
        stack.url,
        '--token',
        await organizerToken(),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A token of the stack's sign-in provider, as the CLI is given one (--token). */
const organizerToken = () => signedToken(stack, { subject: 'test' });

async function get(path: string) {
  const response = await fetch(`${stack.url}${path}`);
  return { status: response.status, text: await response.text() };
}

const json = async (path: string) => JSON.parse((await get(path)).text);

describe('npm run edition -- release, refusing bad input', () => {
  it('refuses a file of another year with the file, line and path (exit 2)', async () => {
    const other = join(scratch, 'hpcw-2021.yaml');
    writeFileSync(other, readFileSync(HISTORY_FILE, 'utf8').replace(/^year: 2020$/m, 'year: 2021'));
    const result = await release(['2020', '--file', other]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/hpcw-2021\.yaml:\d+:1 +year: expected 2020, got 2021/);
  });

  it('refuses an invalid file with the file, line and path, without a stack trace (exit 2)', async () => {
    const broken = join(scratch, 'broken.yaml');
    writeFileSync(
      broken,
      readFileSync(HISTORY_FILE, 'utf8').replace('duration: 1h30min', 'duration: soon'),
    );
    const result = await release(['2020', '--file', broken]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /broken\.yaml:\d+:\d+ +agenda\[0\]\.duration: expected a duration/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('asks for a token, or a login, when it has neither for the API', async () => {
    const result = await promisify(execFile)(
      process.execPath,
      [
        'scripts/edition.ts',
        'release',
        '2020',
        '--file',
        HISTORY_FILE,
        '--url',
        'https://api.example.org',
      ],
      { encoding: 'utf8' },
    ).catch((error) => error as { code: number; stderr: string });
    expect((result as { code: number }).code).toBe(2);
    expect(result.stderr).toContain(
      'No organizer token for https://api.example.org: run npm run login -- --url https://api.example.org',
    );
  });
});

describe('the organizer API replacing the draft, refusing bad input', () => {
  const put = async (body: unknown, ifMatch?: string) => {
    const token = await organizerToken();
    const response = await fetch(`${stack.url}/admin/editions/2020/draft`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(ifMatch ? { 'if-match': ifMatch } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('answers 400 naming the field path of an invalid source, 400 for another year, 428 without If-Match', async () => {
    const invalid = await put({ year: 2020, agenda: [{ kind: 'session', duration: 'soon' }] }, '*');
    expect(invalid.status).toBe(400);
    expect(invalid.body.type).toContain('invalid-request');
    expect(invalid.body.errors).toContainEqual(
      expect.objectContaining({ name: 'agenda[0].duration', in: 'body' }),
    );
    const source = (await fetchDraft()).source;
    const otherYear = await put({ ...source, year: 2021 }, '*');
    expect(otherYear.status).toBe(400);
    expect(otherYear.body.errors).toEqual([
      { name: 'year', in: 'body', detail: 'expected 2020, the year of the path' },
    ]);
    expect((await put(source)).status).toBe(428);
    expect((await put(source, '"stale"')).status).toBe(412);
  });
});

async function fetchDraft() {
  const response = await fetch(`${stack.url}/admin/editions/2020/draft`, {
    headers: { authorization: `Bearer ${await organizerToken()}` },
  });
  return (await response.json()) as any;
}

describe('the real 2020 released over the proposal', () => {
  it('publishes the file as release 2: three days online, talks moved, the URL kept private', async () => {
    // A delay posted for June 25: the release moves its slot to June 16 and drops it, saying so.
    const delayed = await fetch(`${stack.url}/admin/editions/2020/live/delays`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await organizerToken()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ from: 'runtime', minutes: 10 }),
    });
    expect(delayed.status).toBe(201);
    const result = await release(['2020', '--file', HISTORY_FILE, '--name', 'online']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('released as 2020 release 2 ("online")');
    expect(result.stdout).toContain('The join URL changed: the new link is mailed to');
    expect(result.stdout).toContain(
      'Live delays dropped with their slots: runtime-introduction-and-scope (moved).',
    );

    const changes = await json('/editions/2020/agenda/changes?from=1&to=2');
    expect(changes.moved).toContainEqual({
      id: 'runtime-container-runtimes-overview',
      title: 'Container Runtime Overview',
      from: expect.objectContaining({ start: expect.stringMatching(/^2020-06-25T/) }),
      to: { start: '2020-06-16T17:05:00+02:00', end: '2020-06-16T17:15:00+02:00' },
    });
    expect(changes.locationChanged).toEqual({
      from: expect.objectContaining({ mode: 'in-person' }),
      to: { mode: 'online', stream: expect.any(Object) },
    });
    expect(JSON.stringify(changes)).not.toContain('stream.invalid');
    expect(changes.daysChanged).toEqual({
      from: ['2020-06-25'],
      to: ['2020-06-16', '2020-06-17', '2020-06-18'],
    });
    const movedIds = changes.moved.map((talk: { id: string }) => talk.id);
    expect(movedIds).toEqual(
      expect.arrayContaining(['hpc-specifics-mpi-pmi-update', 'use-cases-panel-discussion']),
    );
    const removedIds = changes.removed.map((talk: { id: string }) => talk.id);
    expect(removedIds).not.toContain('hpc-specifics-mpi-pmi-update');
    expect(changes.added.map((talk: { id: string }) => talk.id)).toContain(
      'runtime-the-podman-runtime',
    );

    const edition = await json('/editions/2020');
    expect(edition.days.map((day: { date: string }) => day.date)).toEqual([
      '2020-06-16',
      '2020-06-17',
      '2020-06-18',
    ]);
    expect(edition.location).toEqual({ mode: 'online', stream: { room: 'HPCW 2020 live stream' } });

    const page = await get('/2020');
    for (const date of ['2020-06-16', '2020-06-17', '2020-06-18'])
      expect(page.text).toContain(`<h3 class="day" id="day-${date}">`);

    // The join URL: stored apart for confirmed registrants, in no public answer, draft or release.
    const access = createOnlineAccessStore({ client: stack.client, tableName: LOCAL_TABLE_NAME });
    expect((await access.get(2020))?.edition?.url).toBe(STREAM_URL);
    for (const path of [
      '/editions/2020',
      '/editions/2020/agenda',
      '/2020',
      '/editions/2020/schedule.json',
    ])
      expect((await get(path)).text).not.toContain('stream.invalid');
    expect(JSON.stringify(await fetchDraft())).not.toContain('stream.invalid');

    const audit: any = await (
      await fetch(`${stack.url}/admin/editions/2020/audit`, {
        headers: { authorization: `Bearer ${await organizerToken()}` },
      })
    ).json();
    // The in-person proposal had no join URL: the release gave it one, and says so; and it
    // moved the workshop (told to nobody here: nobody registered).
    const actions: string[] = audit.items.map((entry: { action: string }) => entry.action);
    expect(actions).toContain('delay.drop');
    expect(actions.filter((action) => !action.startsWith('delay')).slice(0, 4)).toEqual([
      'schedule.notice',
      'join-url.change',
      'release',
      'draft.replace',
    ]);
  });

  it('says there is nothing to release when the same file is released again (exit 1)', async () => {
    const result = await release(['2020', '--file', HISTORY_FILE]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no changes since release 2');
  });
});
