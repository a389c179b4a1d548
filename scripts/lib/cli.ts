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
