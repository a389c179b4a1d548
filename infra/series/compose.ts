import type { App } from 'aws-cdk-lib';
import type { EditionSource } from '../../shared/edition/schema.ts';
import type { MailSenderSettings } from '../constructs/attendee-mail.ts';
import type { FrontDoorDomain } from '../constructs/front-door.ts';
import { EditionStack } from '../edition-stack.ts';
import { FIREWALL_REGION, FirewallStack, firewallStackId } from '../firewall-stack.ts';
import { SeriesStack } from '../series-stack.ts';
import { editionStackId, seriesApiSettings, seriesName, seriesStackId } from './naming.ts';

/**
 * The stacks of one series, as `cdk synth` makes them (infra/app.ts) and the tests read them: the
 * firewall in us-east-1, the series stack, and one edition stack per year (only the selected
 * year's with `-c edition`; the series stack is the same either way, as it is made from every
 * edition file).
 */

export interface SeriesOptions {
  /** Every edition file of the series. */
  editions: readonly EditionSource[];
  /** `-c edition=2021`: the one year to synthesize beside the series. */
  selected?: string;
  /** `-c series=hpcw`: overrides the name the short titles give. */
  series?: string;
  account?: string;
  /** Every stack needs one: the web ACL is read across regions (the CLI's CDK_DEFAULT_REGION). */
  region?: string;
  alarmEmail?: string;
  mail?: MailSenderSettings;
  organizersMail?: readonly string[];
  domain?: FrontDoorDomain;
  originSecretVersion?: string;
  authDomainPrefix?: string;
  /** `-c emailHashKeySecretArn`: the email key to adopt instead of a new one (naming.ts). */
  emailHashKeySecretArn?: string;
  /** `-c purge=true`: the selected year's data goes when its stack is destroyed. */
  purge?: boolean;
}

export interface SeriesStacks {
  firewall: FirewallStack;
  series: SeriesStack;
  editions: EditionStack[];
}

export function composeSeries(app: App, options: SeriesOptions): SeriesStacks {
  const { editions, selected, account, region } = options;
  const chosen = editions.filter(
    (edition) => selected === undefined || String(edition.year) === String(selected),
  );
  if (chosen.length === 0) {
    const known = editions.map(({ year }) => year).join(', ');
    throw new Error(`No edition file for edition=${selected} (found: ${known}).`);
  }
  if (options.purge && selected === undefined) {
    throw new Error('purge=true deletes a year: name it with -c edition=<year>.');
  }
  if (!region) throw new Error('No region: run through the cdk CLI, or set CDK_DEFAULT_REGION.');
  const name = options.series ?? seriesName(editions);
  const title = editions.at(-1)?.title ?? name;
  const id = seriesStackId(name);
  const firewall = new FirewallStack(app, firewallStackId(id), {
    description: `${title}: the series' front door web ACL`,
    env: { account, region: FIREWALL_REGION },
  });
  const series = new SeriesStack(app, id, {
    series: name,
    api: seriesApiSettings(editions),
    ...(options.authDomainPrefix ? { authDomainPrefix: options.authDomainPrefix } : {}),
    ...(options.emailHashKeySecretArn
      ? { emailHashKeySecretArn: options.emailHashKeySecretArn }
      : {}),
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
    ...(options.mail ? { mail: options.mail } : {}),
    ...(options.organizersMail?.length ? { organizersMail: options.organizersMail } : {}),
    frontDoor: {
      webAclArn: firewall.webAcl.attrArn,
      ...(options.domain ? { domain: options.domain } : {}),
      ...(options.originSecretVersion ? { originSecretVersion: options.originSecretVersion } : {}),
    },
    description: `${title}: the series (table, API, sign-in, front door, mail, alarms)`,
    env: { account, region },
  });
  series.addStackDependency(firewall, 'The distribution uses the web ACL.');
  const editionStacks = chosen.map((edition) => {
    const stack = new EditionStack(app, editionStackId(edition), {
      edition,
      series,
      ...(options.purge ? { purge: true } : {}),
      description: `${edition.title} (${edition.year}): published into ${id}`,
      env: { account, region },
    });
    return stack;
  });
  return { firewall, series, editions: editionStacks };
}
