import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadEditionFiles } from '../editions/load.ts';
import { mailSenderSettings } from './constructs/attendee-mail.ts';
import { EditionStack, editionStackId } from './edition-stack.ts';

/**
 * One stack per edition file, checked by cdk-nag (AWS Solutions): an unacknowledged finding
 * fails synthesis. `cdk deploy -c edition=2020` picks one edition; without it every edition is
 * listed (`-c editionsDir=DIR` reads another folder). A broken edition file stops synthesis with
 * the same message as `npm start`. `-c mailFrom=workshop@example.org` (and `-c mailIdentity=
 * example.org` when the domain is what SES verified) turns on attendee mail.
 */

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const selected = app.node.tryGetContext('edition') as string | undefined;
const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
const editionsDir = app.node.tryGetContext('editionsDir') as string | undefined;

let editions: ReturnType<typeof loadEditionFiles>;
let mail: ReturnType<typeof mailSenderSettings>;
try {
  editions = loadEditionFiles(editionsDir);
  mail = mailSenderSettings(
    app.node.tryGetContext('mailFrom') as string | undefined,
    app.node.tryGetContext('mailIdentity') as string | undefined,
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
for (const { edition } of chosen) {
  new EditionStack(app, editionStackId(edition), {
    edition,
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(mail ? { mail } : {}),
    description: `${edition.title} (${edition.year})`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
}
app.synth();
