import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cloudFrontCache } from '#functions/edge/cloudfront.ts';
import { editionPaths } from '#functions/edge/public-cache.ts';
import { createSesSender } from '#functions/mail/transport/ses-sender.ts';
import { type LocalMailDev, startMailDev, waitForEmails } from '../../support/mail/maildev.ts';
import { ACCOUNT, allow, REGION, roleOf, useLocalAws } from './local-aws.ts';

/** SES v2 into MailDev, CloudFront invalidations and Secrets Manager, authorized per role. */

const FROM = 'workshop@hpcw.example';
const identity = (name: string) => `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${name}`;
const configurationSet = `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/attendee-mail`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:email-hash-key-AbC123`;
const OTHER_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:origin-Zyx987`;

let maildev: LocalMailDev | undefined;
beforeAll(async () => {
  maildev = await startMailDev();
});
afterAll(async () => {
  await maildev?.stop();
});

const { aws, clientConfig } = useLocalAws(
  () => ({
    // The mail sender's statement in infra/constructs/attendee-mail.ts.
    SENDER: roleOf('mail-sender', [
      allow(['ses:SendEmail', 'ses:SendRawEmail'], [identity('hpcw.example'), configurationSet], {
        StringEquals: { 'ses:FromAddress': FROM },
      }),
      allow(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], [SECRET]),
    ]),
    SIMPLEONLY: roleOf('simple-only', [
      allow(['ses:SendEmail'], [identity('hpcw.example'), configurationSet]),
    ]),
    RELEASER: roleOf('releaser', [
      allow(
        ['cloudfront:CreateInvalidation'],
        [`arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF`],
      ),
    ]),
  }),
  () => ({
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    smtp: { host: maildev?.smtpHost ?? '', port: maildev?.smtpPort ?? 0 },
    secrets: { [SECRET]: 'hash-key-value', [OTHER_SECRET]: 'origin-value' },
  }),
);

const message = {
  id: 'msg-1',
  to: { name: 'Ada Lovelace', address: 'ada@example.org' },
  content: { subject: 'Your registration', text: 'Welcome', html: '<p>Welcome</p>' },
};

describe('the local AWS endpoint: SES v2, CloudFront, Secrets Manager', () => {
  it("delivers the mail sender's raw message to MailDev", async () => {
    const client = new SESv2Client(clientConfig('SENDER'));
    const sender = createSesSender({
      client,
      from: { name: 'HPCW 2020', address: FROM },
      configurationSetName: 'attendee-mail',
    });
    expect(await sender.send(message)).toEqual({ sent: true });
    const [email] = await waitForEmails(maildev?.webUrl ?? '', 1);
    expect(email?.subject).toBe('Your registration');
    expect(email?.to).toEqual([{ address: 'ada@example.org', name: 'Ada Lovelace' }]);
    client.destroy();
  });

  it('refuses a raw message without ses:SendRawEmail, and another From address', async () => {
    const simpleOnly = new SESv2Client(clientConfig('SIMPLEONLY'));
    const raw = (from: string) =>
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: ['ada@example.org'] },
        Content: {
          Raw: {
            Data: Buffer.from(`From: ${from}\r\nTo: ada@example.org\r\nSubject: x\r\n\r\nbody`),
          },
        },
        ConfigurationSetName: 'attendee-mail',
      });
    const refusal = await simpleOnly.send(raw(FROM)).catch((e) => e);
    expect(refusal.name).toBe('AccessDeniedException');
    expect(refusal.$metadata.httpStatusCode).toBe(403);
    expect(refusal.message).toContain("perform `ses:SendRawEmail' on resource");
    const sender = new SESv2Client(clientConfig('SENDER'));
    const spoofed = await sender.send(raw('someone@hpcw.example')).catch((e) => e);
    expect(spoofed.name).toBe('AccessDeniedException');
    expect(aws().denials).toContainEqual(
      expect.objectContaining({ principal: 'mail-sender', action: 'ses:SendEmail' }),
    );
    // Simple content needs ses:SendEmail only.
    const simple = await simpleOnly.send(
      new SendEmailCommand({
        FromEmailAddress: FROM,
        Destination: { ToAddresses: ['grace@example.org'] },
        Content: { Simple: { Subject: { Data: 'Simple' }, Body: { Text: { Data: 'text' } } } },
      }),
    );
    expect(simple.MessageId).toBeTruthy();
    simpleOnly.destroy();
    sender.destroy();
  });

  it('records an allowed invalidation and refuses another distribution', async () => {
    const client = new CloudFrontClient(clientConfig('RELEASER'));
    const invalidate = (distributionId: string) =>
      client.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: {
            CallerReference: 'r1',
            Paths: { Quantity: 2, Items: ['/editions/2020/*', '/'] },
          },
        }),
      );
    const { Invalidation } = await invalidate('E2ABCDEF');
    expect(Invalidation?.Status).toBe('InProgress');
    expect(aws().invalidations).toEqual([
      { distributionId: 'E2ABCDEF', paths: ['/editions/2020/*', '/'] },
    ]);
    const refusal = await invalidate('E9OTHER').catch((e) => e);
    expect(refusal.name).toBe('AccessDenied');
    expect(refusal.$metadata.httpStatusCode).toBe(403);
    expect(aws().invalidations).toHaveLength(1);
    client.destroy();
  });

  it("takes the functions' own signed invalidation (no SDK client) and refuses another distribution", async () => {
    const environment = {
      AWS_ACCESS_KEY_ID: 'RELEASER',
      AWS_SECRET_ACCESS_KEY: 'not-checked',
      AWS_ENDPOINT_URL: aws().url,
    };
    const before = aws().invalidations.length;
    await cloudFrontCache({ distributionId: 'E2ABCDEF', environment }).invalidateEdition(2020, 3);
    expect(aws().invalidations.slice(before)).toEqual([
      { distributionId: 'E2ABCDEF', paths: editionPaths(2020) },
    ]);
    // Refused: logged, not thrown (a release or a delay is committed before it).
    await expect(
      cloudFrontCache({ distributionId: 'E9OTHER', environment }).invalidateEdition(2020, 4),
    ).resolves.toBeUndefined();
    expect(aws().invalidations).toHaveLength(before + 1);
    expect(aws().denials).toContainEqual(
      expect.objectContaining({ principal: 'releaser', action: 'cloudfront:CreateInvalidation' }),
    );
  });

  it('answers a granted secret by ARN or name and refuses another', async () => {
    const client = new SecretsManagerClient(clientConfig('SENDER'));
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: SECRET }));
    expect(byArn.SecretString).toBe('hash-key-value');
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'email-hash-key' }));
    expect(byName.ARN).toBe(SECRET);
    const previous = await client
      .send(new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSPREVIOUS' }))
      .catch((e) => e);
    expect(previous.name).toBe('ResourceNotFoundException');
    const refusal = await client
      .send(new GetSecretValueCommand({ SecretId: OTHER_SECRET }))
      .catch((e) => e);
    expect(refusal.name).toBe('AccessDeniedException');
    expect(refusal.message).toContain(`secretsmanager:GetSecretValue on resource: ${OTHER_SECRET}`);
    expect(refusal.$metadata.httpStatusCode).toBe(400);
    client.destroy();
  });
});
