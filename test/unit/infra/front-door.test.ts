import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { frontDoorDomain } from '../../../infra/constructs/front-door.ts';
import { composeSeries } from '../../../infra/series/compose.ts';
import { seedEdition } from '../../support/editions.ts';

const CERTIFICATE =
  'arn:aws:acm:us-east-1:123456789012:certificate/0c1f6e57-1c55-4b7e-9d1e-0123456789ab';

describe('the custom domain from the CDK context', () => {
  it('is absent without either setting, and both names otherwise', () => {
    expect(frontDoorDomain(undefined, undefined)).toBeUndefined();
    expect(frontDoorDomain('hpcw.example.org', CERTIFICATE)).toEqual({
      name: 'hpcw.example.org',
      certificateArn: CERTIFICATE,
    });
  });

  it.each([
    ['a name without a certificate', 'hpcw.example.org', undefined],
    ['a certificate without a name', undefined, CERTIFICATE],
    ['a name that is no domain', 'https://hpcw.example.org', CERTIFICATE],
    [
      'a certificate outside us-east-1',
      'hpcw.example.org',
      CERTIFICATE.replace('us-east-1', 'eu-central-1'),
    ],
  ])('refuses %s', (_what, name, certificateArn) => {
    expect(() => frontDoorDomain(name, certificateArn)).toThrow();
  });
});

describe('a series served on its own domain', () => {
  it('names the domain, requires TLS 1.2 with SNI, links to it, and passes cdk-nag without the certificate acknowledgement', {
    timeout: 60_000,
  }, () => {
    // No bundling: this stack is read for its front door.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const { series } = composeSeries(app, {
      editions: [{ ...seedEdition(), api: { ...seedEdition().api, publicUrl: undefined } }],
      account: '123456789012',
      region: 'eu-central-1',
      domain: { name: 'hpcw.example.org', certificateArn: CERTIFICATE },
    });
    const template = Template.fromStack(series);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['hpcw.example.org'],
        ViewerCertificate: {
          AcmCertificateArn: CERTIFICATE,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      },
    });
    const links = Object.values(template.findResources('AWS::Lambda::Function'))
      .map((resource) => resource.Properties.Environment?.Variables?.PUBLIC_URL)
      .filter(Boolean);
    expect(new Set(links)).toEqual(new Set(['https://hpcw.example.org']));
    // The console signs in on the series' own name.
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://hpcw.example.org/console/callback', 'http://localhost:8765/callback'],
      LogoutURLs: ['https://hpcw.example.org/console/', 'http://localhost:8765/'],
    });

    const assembly = app.synth();
    const report = JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    );
    const [checks] = report.pluginReports;
    expect(checks.conclusion).toBe('success');
    const acknowledged = checks.suppressedViolations.map(
      (violation: { ruleName: string }) => violation.ruleName,
    );
    expect(acknowledged).toContain('AwsSolutions-CFR1');
    expect(acknowledged).not.toContain('AwsSolutions-CFR4');
  });
});
