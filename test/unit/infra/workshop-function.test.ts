import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES } from '../../../infra/bundling.ts';
import { WorkshopFunction } from '../../../infra/constructs/workshop-function.ts';

/** The house function's code, bundled at synthesis as the benchmarks bundle it. */

describe('a WorkshopFunction synthesized with bundling', () => {
  // As the CDK CLI synthesizes: each function names its asset folder in its metadata.
  const app = new App({ context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Bundled');
  const functions = {
    // Two entries of one folder: CDK must not take one's bundle for the other's.
    fanOut: new WorkshopFunction(stack, 'FanOut', {
      entry: FUNCTION_ENTRIES.mailFanOut,
      description: 'fan-out',
    }),
    sender: new WorkshopFunction(stack, 'Sender', {
      entry: FUNCTION_ENTRIES.mailSender,
      description: 'sender',
    }),
    public: new WorkshopFunction(stack, 'Public', {
      entry: FUNCTION_ENTRIES.public,
      description: 'public',
    }),
  };
  const assembly = app.synth();
  const template = assembly.getStackByName('Bundled').template as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
  };
  const assetOf = (construct: WorkshopFunction) => {
    const id = stack.getLogicalId(construct.function.node.defaultChild as never);
    const path = template.Resources[id]?.Metadata?.['aws:asset:path'];
    if (!path) throw new Error(`no asset for ${id}`);
    return join(assembly.directory, path);
  };

  it('gives each function its own bundle, even beside another of the same folder', () => {
    const folders = Object.values(functions).map(assetOf);
    expect(new Set(folders).size).toBe(3);
    for (const folder of folders) {
      expect(existsSync(join(folder, 'index.mjs'))).toBe(true);
      expect(existsSync(join(folder, 'index.mjs.map'))).toBe(true);
    }
  });

  it('deploys the public function code-split: index.mjs and its chunks', () => {
    expect(existsSync(join(assetOf(functions.public), 'chunks'))).toBe(true);
    expect(existsSync(join(assetOf(functions.sender), 'chunks'))).toBe(false);
  });
}, 120_000);
