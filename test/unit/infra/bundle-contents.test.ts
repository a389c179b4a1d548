import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES, lambdaBuildOptions } from '../../../infra/bundling.ts';

/**
 * What each function carries, read from esbuild's metafile of the bundle the stack deploys: a
 * function holds its own context's code and what lies below it, never another context's.
 */

async function projectInputs(entry: string): Promise<string[]> {
  const result = await build({
    ...lambdaBuildOptions(entry, 'index.mjs'),
    write: false,
    metafile: true,
  });
  return Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules'));
}

describe('the public function bundle', () => {
  it('holds no organizer, webhook, docs or draft-editing code, nor the join-URL store', async () => {
    const inputs = await projectInputs(FUNCTION_ENTRIES.public);
    expect(inputs).toContain('functions/public/app.ts');
    expect(inputs).toContain('functions/pages/app.ts');
    expect(
      inputs.filter((input) =>
        /^functions\/(organizers|webhooks|docs|registrations)\/|^shared\/(webhooks|draft\/edits)|^functions\/data\/(webhook-store|online-access)/.test(
          input,
        ),
      ),
    ).toEqual([]);
  });
});

describe('the registrations function bundle', () => {
  it('holds no organizer, webhook delivery or docs code', async () => {
    const inputs = await projectInputs(FUNCTION_ENTRIES.registrations);
    expect(inputs).toContain('functions/registrations/service.ts');
    expect(inputs).toContain('functions/data/online-access.ts');
    expect(
      inputs.filter((input) => /^functions\/(organizers|webhooks|docs|public|pages)\//.test(input)),
    ).toEqual([]);
  });
});
