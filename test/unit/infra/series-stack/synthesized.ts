import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadEditionFiles } from '../../../../editions/load.ts';
import { composeSeries } from '../../../../infra/series/compose.ts';

/**
 * A series of two years (test/fixtures/series: the 2020 file and a 2021 copy), synthesized once
 * as `cdk synth -c editionsDir=test/fixtures/series` makes it, for series-stack.test.ts and the
 * checks it runs from this folder (a synthesis bundles eleven functions: it takes a minute).
 */

const SERIES_FIXTURE = 'test/fixtures/series';
export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';

/** The series stack. */
export let template: Template;
export let firewallTemplate: Template;
/** Each year's edition stack, by year. */
export const editionTemplates = new Map<number, Template>();
/** Every stack of the assembly, by name. */
export const stackTemplates = new Map<string, Template>();
/** Where the assembly was written (its assets: the functions' bundles, the console's build). */
export let assemblyDirectory: string;
export let nagReport: {
  pluginReports: {
    conclusion: string;
    violations: unknown[];
    suppressedViolations: { ruleName: string; reason: string }[];
  }[];
};

export const seriesEditions = () => loadEditionFiles(SERIES_FIXTURE).map(({ edition }) => edition);

export function synthesize(): void {
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // The web ACL reaches the series stack across regions: every stack has a fixed region.
  const stacks = composeSeries(app, {
    editions: seriesEditions(),
    account: ACCOUNT,
    region: REGION,
    alarmEmail: 'ops@example.org',
    mail: { from: 'workshop@hpcw.example', identity: 'hpcw.example' },
  });
  template = Template.fromStack(stacks.series);
  firewallTemplate = Template.fromStack(stacks.firewall);
  const all: Stack[] = [stacks.firewall, stacks.series, ...stacks.editions];
  for (const stack of all) stackTemplates.set(stack.stackName, Template.fromStack(stack));
  for (const stack of stacks.editions) {
    editionTemplates.set(Number(stack.stackName.replace(/^\D+/, '')), Template.fromStack(stack));
  }
  const assembly = app.synth();
  assemblyDirectory = assembly.directory;
  nagReport = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
}

export const resourcesOf = (type: string, from = template) =>
  Object.values(from.findResources(type));

/** Asset hashes and the bootstrap bucket change with every build and machine: blank them. */
export function normalized(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '[asset-hash]$1')
      .replace(/cdk-hnb659fds-assets-[^"]+/g, '[assets-bucket]'),
  );
}
