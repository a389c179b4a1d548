import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** parseArgs for people: a wrong option prints the usage and exits 2, never a stack trace. */
export function parseCommandLine<Config extends ParseArgsConfig>(config: Config, usage: string) {
  try {
    const parsed = parseArgs(config);
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
}

/**
 * A path given on the command line, from where the person ran the command: npm runs scripts in
 * the package's folder, and says in INIT_CWD where it was started.
 */
export function pathFromInvocation(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/**
 * Stops a running local stack once on Ctrl-C or SIGTERM (a second signal while it stops does
 * nothing), tells what it stops, cleans up after it, and exits.
 */
export function stopOnSignal(
  stack: { stop(): Promise<void> },
  message: string,
  afterStop: () => void = () => undefined,
): void {
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${message}`);
    await stack.stop();
    afterStop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
