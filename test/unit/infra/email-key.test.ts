import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadEditionFiles } from '../../../editions/load.ts';
import { composeSeries } from '../../../infra/series/compose.ts';
import { checkedEmailHashKeyArn } from '../../../infra/series/naming.ts';

/**
 * The series adopts the email key of a single-year stack a year moves from (`-c
 * emailHashKeySecretArn`), so that the registrations moved with series:migrate keep their email
 * claims, check-in codes and manage links. Synthesized without bundling the functions.
 */

const RETAINED =
  'arn:aws:secretsmanager:eu-central-1:123456789012:secret:Hpcw2020EmailHashKey-AbC123';

function seriesTemplate(emailHashKeySecretArn?: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const { series } = composeSeries(app, {
    editions: loadEditionFiles('test/fixtures/series').map(({ edition }) => edition),
    account: '123456789012',
    region: 'eu-central-1',
    ...(emailHashKeySecretArn ? { emailHashKeySecretArn } : {}),
  });
  return Template.fromStack(series);
}

/** The secret ARN each function that reads the key is given. */
function keyArns(template: Template) {
  return Object.values(template.findResources('AWS::Lambda::Function'))
    .map(({ Properties }) => Properties.Environment?.Variables?.EMAIL_HASH_KEY_SECRET_ARN)
    .filter((value) => value !== undefined);
}

// The first synthesis loads aws-cdk-lib: seconds.
describe('the email key of a series', { timeout: 60_000 }, () => {
  it('is a new secret, retained, when none is given', () => {
    const template = seriesTemplate();
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^EmailHashKey/)]),
    );
    expect(keyArns(template).length).toBeGreaterThanOrEqual(2);
  });

  it('is the given one, read by every function that hashes emails, and no new secret', () => {
    const template = seriesTemplate(RETAINED);
    expect(
      Object.keys(template.findResources('AWS::SecretsManager::Secret')).filter((id) =>
        id.startsWith('EmailHashKey'),
      ),
    ).toEqual([]);
    const arns = keyArns(template);
    expect(arns.length).toBeGreaterThanOrEqual(2);
    for (const arn of arns) expect(arn).toBe(RETAINED);
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain(RETAINED);
  });

  it('is refused when the ARN is not a complete secret ARN, naming the option and where to look', () => {
    expect(checkedEmailHashKeyArn(RETAINED)).toBe(RETAINED);
    for (const wrong of [
      'Hpcw2020EmailHashKey',
      'arn:aws:secretsmanager:eu-central-1:123456789012:secret:Hpcw2020EmailHashKey',
      'arn:aws:kms:eu-central-1:123456789012:key/abc',
    ]) {
      expect(() => checkedEmailHashKeyArn(wrong)).toThrow(
        /emailHashKeySecretArn .* must be the complete ARN .*list-secrets/,
      );
    }
  });
});
