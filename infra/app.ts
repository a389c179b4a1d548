import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadEditionFiles } from '../editions/load.ts';
import { organizersMailList } from '../functions/contract.ts';
import { mailSenderSettings } from './constructs/attendee-mail.ts';
import { frontDoorDomain } from './constructs/front-door.ts';
import { EditionStack, editionStackId } from './edition-stack.ts';
import { FIREWALL_REGION, FirewallStack, firewallStackId } from './firewall-stack.ts';

/**
 * One stack per edition file, checked by cdk-nag (AWS Solutions): an unacknowledged finding
 * fails synthesis. `cdk deploy -c edition=2020` picks one edition; without it every edition is
 * listed (`-c editionsDir=DIR` reads another folder). A broken edition file stops synthesis with
 * the same message as `npm start`. `-c mailFrom=workshop@example.org` (and `-c mailIdentity=
 * example.org` when the domain is what SES verified) turns on attendee mail.
 *
 * Each edition also gets a firewall stack in us-east-1 (its CloudFront web ACL; CloudFront takes
 * web ACLs from there only), read by the edition stack across regions: both stacks need a
 * region, the CLI's (CDK_DEFAULT_REGION, us-east-1 when nothing is configured). `-c domainName=
 * hpcw.example.org -c certificateArn=<ACM ARN in us-east-1>` serves one edition on its own name.
 * `-c originSecretVersion=<VersionId>` makes CloudFront send that version of the origin secret
 * (after `put-secret-value`; SECURITY.md). `-c organizersMail=a@example.org,b@example.org` is
 * where exports and new webhooks are reported.
 */

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const selected = app.node.tryGetContext('edition') as string | undefined;
const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
const editionsDir = app.node.tryGetContext('editionsDir') as string | undefined;
// After a rotation of the origin secret: the version CloudFront is to send (SECURITY.md).
const originSecretVersion = app.node.tryGetContext('originSecretVersion') as string | undefined;

let editions: ReturnType<typeof loadEditionFiles>;
let mail: ReturnType<typeof mailSenderSettings>;
let domain: ReturnType<typeof frontDoorDomain>;
let organizersMail: string[];
try {
  organizersMail = organizersMailList(
    app.node.tryGetContext('organizersMail') as string | undefined,
  );
  editions = loadEditionFiles(editionsDir);
  mail = mailSenderSettings(
    app.node.tryGetContext('mailFrom') as string | undefined,
    app.node.tryGetContext('mailIdentity') as string | undefined,
  );
  domain = frontDoorDomain(
    app.node.tryGetContext('domainName') as string | undefined,
    app.node.tryGetContext('certificateArn') as string | undefined,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const chosen = editions.filter(
  ({ edition }) => selected === undefined || String(edition.year) === String(selected),
);
if (chosen.length === 0) {
  const known = editions.map(({ edition }) => edition.year).join(', ');
  console.error(`No edition file for edition=${selected} (found: ${known}).`);
  process.exit(1);
}
if (domain && chosen.length > 1) {
  console.error('A custom domain serves one edition: add -c edition=<year>.');
  process.exit(1);
}
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
if (!region) {
  console.error('No region: run through the cdk CLI, or set CDK_DEFAULT_REGION.');
  process.exit(1);
}
for (const { edition } of chosen) {
  const id = editionStackId(edition);
  const firewall = new FirewallStack(app, firewallStackId(id), {
    description: `${edition.title} (${edition.year}): the front door's web ACL`,
    env: { account, region: FIREWALL_REGION },
  });
  const stack = new EditionStack(app, id, {
    edition,
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(mail ? { mail } : {}),
    ...(organizersMail.length ? { organizersMail } : {}),
    frontDoor: {
      webAclArn: firewall.webAcl.attrArn,
      ...(domain ? { domain } : {}),
      ...(originSecretVersion ? { originSecretVersion } : {}),
    },
    description: `${edition.title} (${edition.year})`,
    env: { account, region },
  });
  stack.addStackDependency(firewall, 'The distribution uses the web ACL.');
}
app.synth();
