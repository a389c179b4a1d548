import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EditionStack, editionStackId } from '../../../../infra/edition-stack.ts';
import { FirewallStack, firewallStackId } from '../../../../infra/firewall-stack.ts';
import { seedEdition } from '../../../support/editions.ts';

/**
 * The 2020 edition stack and its firewall, synthesized once for edition-stack.test.ts and the
 * checks it runs from this folder (a synthesis bundles eleven functions: it takes a minute).
 */

export let template: Template;
export let firewallTemplate: Template;
export let nagReport: {
  pluginReports: {
    conclusion: string;
    violations: unknown[];
    suppressedViolations: { ruleName: string; reason: string }[];
  }[];
};

export function synthesize(): void {
  const edition = seedEdition();
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const id = editionStackId(edition);
  // The web ACL reaches the edition stack across regions: both stacks have a fixed region.
  const account = '123456789012';
  const firewall = new FirewallStack(app, firewallStackId(id), {
    env: { account, region: 'us-east-1' },
  });
  const stack = new EditionStack(app, id, {
    edition,
    alarmEmail: 'ops@example.org',
    mail: { from: 'workshop@hpcw.example', identity: 'hpcw.example' },
    frontDoor: { webAclArn: firewall.webAcl.attrArn },
    env: { account, region: 'eu-central-1' },
  });
  template = Template.fromStack(stack);
  firewallTemplate = Template.fromStack(firewall);
  const assembly = app.synth();
  nagReport = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
}

export const resourcesOf = (type: string) => Object.values(template.findResources(type));

/** Asset hashes and the bootstrap bucket change with every build and machine: blank them. */
export function normalized(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '[asset-hash]$1')
      .replace(/cdk-hnb659fds-assets-[^"]+/g, '[assets-bucket]'),
  );
}
