import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a synthesized cloud assembly (`cdk.out`) holds that has a price: each stack's billable
 * resources, counted from its template. A stack whose name carries a year (`Hpcw2021`,
 * `Hpcw2021Firewall`) is a year's; the others are the series'.
 */

export interface Resources {
  webAcls: number;
  /** Rules of all web ACLs (a managed rule group is one). */
  wafRules: number;
  /** Metrics that alarms read: one per metric alarm, each metric of a metric-math alarm. */
  alarmMetrics: number;
  compositeAlarms: number;
  kmsKeys: number;
  secrets: number;
  /** Custom metrics that log metric filters publish. */
  filterMetrics: number;
  dashboards: number;
  hostedZones: number;
  userPools: number;
  distributions: number;
  tables: number;
  /** Tables with point-in-time recovery. */
  pitrTables: number;
  functions: number;
  /** The functions' memory, MB (128 when the template leaves the default). */
  functionMemory: number[];
  /** How many functions run on Arm (arm64). */
  armFunctions: number;
}

export interface StackResources {
  name: string;
  region: string | undefined;
  /** The edition the stack belongs to, or undefined for a series-wide stack. */
  year: number | undefined;
  resources: Resources;
}

const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)/;

export const emptyResources = (): Resources => ({
  webAcls: 0,
  wafRules: 0,
  alarmMetrics: 0,
  compositeAlarms: 0,
  kmsKeys: 0,
  secrets: 0,
  filterMetrics: 0,
  dashboards: 0,
  hostedZones: 0,
  userPools: 0,
  distributions: 0,
  tables: 0,
  pitrTables: 0,
  functions: 0,
  functionMemory: [],
  armFunctions: 0,
});

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Counts one template's billable resources. */
function countResources(template: { Resources?: Record<string, TemplateResource> }) {
  const found = emptyResources();
  for (const { Type: type, Properties: properties = {} } of Object.values(
    template.Resources ?? {},
  )) {
    switch (type) {
      case 'AWS::WAFv2::WebACL':
        found.webAcls += 1;
        found.wafRules += arrayOf(properties.Rules).length;
        break;
      case 'AWS::CloudWatch::Alarm': {
        const metrics = arrayOf(properties.Metrics).filter(
          (metric) => typeof metric === 'object' && metric !== null && 'MetricStat' in metric,
        );
        found.alarmMetrics += Math.max(1, metrics.length);
        break;
      }
      case 'AWS::CloudWatch::CompositeAlarm':
        found.compositeAlarms += 1;
        break;
      case 'AWS::KMS::Key':
        found.kmsKeys += 1;
        break;
      case 'AWS::SecretsManager::Secret':
        found.secrets += 1;
        break;
      case 'AWS::Logs::MetricFilter':
        found.filterMetrics += Math.max(1, arrayOf(properties.MetricTransformations).length);
        break;
      case 'AWS::CloudWatch::Dashboard':
        found.dashboards += 1;
        break;
      case 'AWS::Route53::HostedZone':
        found.hostedZones += 1;
        break;
      case 'AWS::Cognito::UserPool':
        found.userPools += 1;
        break;
      case 'AWS::CloudFront::Distribution':
        found.distributions += 1;
        break;
      case 'AWS::DynamoDB::Table': {
        found.tables += 1;
        const pitr = properties.PointInTimeRecoverySpecification as
          | { PointInTimeRecoveryEnabled?: unknown }
          | undefined;
        if (pitr?.PointInTimeRecoveryEnabled === true) found.pitrTables += 1;
        break;
      }
      case 'AWS::Lambda::Function':
        found.functions += 1;
        found.functionMemory.push(
          typeof properties.MemorySize === 'number' ? properties.MemorySize : 128,
        );
        if (arrayOf(properties.Architectures).includes('arm64')) found.armFunctions += 1;
        break;
    }
  }
  return found;
}

interface Artifact {
  type: string;
  environment?: string;
  displayName?: string;
  properties?: { templateFile?: string; directoryName?: string; stackName?: string };
}

/** Every stack of an assembly, nested assemblies (CDK stages) included. */
export function readAssembly(dir: string, perYear: RegExp = YEAR): StackResources[] {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(
      `${dir} is not a cloud assembly (no manifest.json): run \`npx cdk synth\` first.`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    artifacts?: Record<string, Artifact>;
  };
  const stacks: StackResources[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readAssembly(join(dir, artifact.properties.directoryName), perYear));
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) {
      continue;
    }
    const name = artifact.properties.stackName ?? artifact.displayName ?? id;
    const template = JSON.parse(readFileSync(join(dir, artifact.properties.templateFile), 'utf8'));
    const year = perYear.exec(name)?.[1];
    stacks.push({
      name,
      region: artifact.environment?.split('/').at(-1),
      year: year === undefined ? undefined : Number(year),
      resources: countResources(template),
    });
  }
  return stacks;
}
