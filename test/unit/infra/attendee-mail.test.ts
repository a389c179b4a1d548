import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { mailSenderSettings } from '../../../infra/constructs/attendee-mail.ts';
import { SeriesStack } from '../../../infra/series-stack.ts';
import { seedEdition } from '../../support/editions.ts';

describe('the mail sender from the CDK context', () => {
  it('is the address, under its own identity unless a domain is named', () => {
    expect(mailSenderSettings('workshop@example.org', undefined)).toEqual({
      from: 'workshop@example.org',
      identity: 'workshop@example.org',
    });
    expect(mailSenderSettings('workshop@example.org', 'example.org')).toEqual({
      from: 'workshop@example.org',
      identity: 'example.org',
    });
    expect(mailSenderSettings('workshop@mail.example.org', 'example.org')?.identity).toBe(
      'example.org',
    );
  });

  it('is absent without mailFrom', () => {
    expect(mailSenderSettings(undefined, 'example.org')).toBeUndefined();
  });

  it.each([
    ['not an address', 'workshop', undefined],
    ['an identity of another domain', 'workshop@example.org', 'example.com'],
    ['a domain that only ends like it', 'workshop@badexample.org', 'example.org'],
    ['another address', 'workshop@example.org', 'other@example.org'],
  ])('refuses %s', (_what, from, identity) => {
    expect(() => mailSenderSettings(from, identity)).toThrow();
  });
});

describe('a series stack without a mail sender', () => {
  it('synthesises without attendee mail, and says so', { timeout: 60_000 }, () => {
    // No bundling: this stack is read for what it lacks.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new SeriesStack(app, 'HpcwSeries', { series: 'hpcw', api: seedEdition().api });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    // No stream mapping carries MAIL# items anywhere (the call for papers' role may still write
    // them: its receipts wait in the outbox, as registrations' messages do).
    expect(JSON.stringify(template.findResources('AWS::Lambda::EventSourceMapping'))).not.toContain(
      'MAIL#',
    );
    Annotations.fromStack(stack).hasWarning(
      '/HpcwSeries',
      Match.stringLikeRegexp('No attendee mail: deploy with -c mailFrom='),
    );
  });
});
