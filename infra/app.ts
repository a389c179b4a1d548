import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadEditionFiles } from '../editions/load.ts';
import { organizersMailList } from '../functions/contract.ts';
import { mailSenderSettings } from './constructs/attendee-mail.ts';
import { frontDoorDomain } from './constructs/front-door.ts';
import { composeSeries } from './series/compose.ts';
import { checkedAuthDomainPrefix, checkedEmailHashKeyArn } from './series/naming.ts';

/**
 * One workshop series, checked by cdk-nag (AWS Solutions): an unacknowledged finding fails
 * synthesis. The series stack (`HpcwSeries`: table, API, sign-in, front door, mail, alarms) serves
 * every year; each edition file gets an edition stack (`Hpcw2021`) that publishes it into the
 * series. `-c edition=2021` synthesizes that year's stack only (beside the series'); `-c
 * editionsDir=DIR` reads another folder; `-c series=NAME` overrides the name the files' short
 * titles give. A broken edition file stops synthesis with the same message as `npm start`.
 *
 * `-c mailFrom=workshop@example.org` (and `-c mailIdentity=example.org` when the domain is what
 * SES verified) turns on attendee mail. The series' web ACL has its own stack in us-east-1
 * (CloudFront takes web ACLs from there only), read across regions: every stack needs a region,
 * the CLI's (CDK_DEFAULT_REGION). `-c domainName=hpcw.example.org -c certificateArn=<ACM ARN in
 * us-east-1>` serves the series on its own name; `-c authDomainPrefix=` names the managed
 * login domain. `-c originSecretVersion=<VersionId>` makes CloudFront send that version of the
 * origin secret (after `put-secret-value`; SECURITY.md). `-c organizersMail=a@example.org,
 * b@example.org` is where exports and new webhooks are reported. `-c emailHashKeySecretArn=<ARN>`
 * adopts the email key of the single-year stack a year is moved from (README, "Moving a year"). `-c edition=2021 -c purge=true`
 * makes destroying that year's stack delete its data (README, "Deploying").
 */

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
try {
  const organizersMail = organizersMailList(context('organizersMail'));
  const mail = mailSenderSettings(context('mailFrom'), context('mailIdentity'));
  const domain = frontDoorDomain(context('domainName'), context('certificateArn'));
  const authDomainPrefix = context('authDomainPrefix');
  const emailHashKeySecretArn = context('emailHashKeySecretArn');
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const series = context('series');
  const selected = context('edition');
  const alarmEmail = context('alarmEmail');
  const originSecretVersion = context('originSecretVersion');
  // A broken edition file is reported before anything else, as `npm start` reports it.
  const editions = loadEditionFiles(context('editionsDir')).map(({ edition }) => edition);
  const region = process.env.CDK_DEFAULT_REGION;
  composeSeries(app, {
    editions,
    ...(region ? { region } : {}),
    ...(account ? { account } : {}),
    ...(series ? { series } : {}),
    ...(selected ? { selected: String(selected) } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(mail ? { mail } : {}),
    ...(organizersMail.length ? { organizersMail } : {}),
    ...(domain ? { domain } : {}),
    ...(originSecretVersion ? { originSecretVersion } : {}),
    ...(authDomainPrefix ? { authDomainPrefix: checkedAuthDomainPrefix(authDomainPrefix) } : {}),
    ...(emailHashKeySecretArn
      ? { emailHashKeySecretArn: checkedEmailHashKeyArn(emailHashKeySecretArn) }
      : {}),
    purge: String(context('purge')) === 'true',
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
app.synth();
