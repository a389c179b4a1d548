import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * A cloud assembly (`cdk.out`) as CloudFormation sees it: manifest.json lists the stacks, each
 * with its template and environment; a function's code is the folder its `aws:asset:path`
 * metadata (or its S3 key's hash) names.
 */

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
}

interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  Parameters?: Record<string, { Default?: unknown }>;
}

export interface AssemblyStack {
  /** The stack's name (as deployed); the artifact id when the manifest gives none. */
  name: string;
  region: string;
  template: Template;
}

export interface Assembly {
  directory: string;
  stacks: AssemblyStack[];
}

interface Manifest {
  artifacts?: Record<
    string,
    {
      type: string;
      environment?: string;
      properties?: { templateFile?: string; stackName?: string };
      dependencies?: string[];
    }
  >;
}

/** The region of `aws://account/region`; the default one when the stack is environment-agnostic. */
function regionOf(environment: string | undefined, fallback: string): string {
  const region = environment?.split('/')[3];
  return region && region !== 'unknown-region' ? region : fallback;
}

export function loadAssembly(directory: string, defaultRegion = 'us-east-1'): Assembly {
  const manifestPath = join(directory, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`${directory} is no cloud assembly: it has no manifest.json (cdk synth -o).`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const artifacts = Object.entries(manifest.artifacts ?? {}).filter(
    ([, artifact]) => artifact.type === 'aws:cloudformation:stack',
  );
  // Dependencies first, as CloudFormation deploys them.
  const ordered: typeof artifacts = [];
  const visit = (entry: (typeof artifacts)[number]) => {
    if (ordered.includes(entry)) return;
    for (const dependency of entry[1].dependencies ?? []) {
      const found = artifacts.find(([id]) => id === dependency);
      if (found) visit(found);
    }
    ordered.push(entry);
  };
  for (const entry of artifacts) visit(entry);
  return {
    directory: resolve(directory),
    stacks: ordered.map(([id, artifact]) => {
      const templateFile = artifact.properties?.templateFile ?? `${id}.template.json`;
      return {
        name: artifact.properties?.stackName ?? id,
        region: regionOf(artifact.environment, defaultRegion),
        template: JSON.parse(readFileSync(join(directory, templateFile), 'utf8')) as Template,
      };
    }),
  };
}

/** The folder of a resource's code in the assembly: its asset path, or the asset its S3 key names. */
export function assetDirectory(assembly: Assembly, resource: Resource): string {
  const path = resource.Metadata?.['aws:asset:path'];
  if (typeof path === 'string') return resolve(assembly.directory, path);
  const code = resource.Properties?.Code as { S3Key?: unknown } | undefined;
  const key = typeof code?.S3Key === 'string' ? code.S3Key : undefined;
  const hash = key?.replace(/\.zip$/, '');
  if (hash && existsSync(join(assembly.directory, `asset.${hash}`))) {
    return join(assembly.directory, `asset.${hash}`);
  }
  throw new Error('A function without a built asset in the assembly (inline code is not run).');
}

/**
 * `cdk synth` into `outDir` with the cdk CLI of this checkout (node_modules/.bin/cdk), with the
 * given context values. Rejects with the CLI's output when synthesis fails.
 */
export function synthesize(outDir: string, context: Record<string, string>): Promise<void> {
  const args = ['cdk', 'synth', '-q', '--no-notices', '-o', outDir];
  for (const [key, value] of Object.entries(context)) args.push('-c', `${key}=${value}`);
  return new Promise((resolveSynth, reject) => {
    const child = spawn('npx', ['--no-install', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolveSynth()
        : reject(new Error(`cdk synth failed (exit ${code}):\n${output.join('').trim()}`)),
    );
  });
}
