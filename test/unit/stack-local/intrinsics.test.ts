import { describe, expect, it } from 'vitest';
import type { AssemblyStack } from '../../../scripts/stack-local/assembly.ts';
import { Resolver } from '../../../scripts/stack-local/intrinsics.ts';

/** CloudFormation's intrinsics, resolved to local physical values across an assembly's stacks. */

const firewall: AssemblyStack = {
  name: 'Firewall',
  region: 'us-east-1',
  template: {
    Resources: { WebAcl: { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'CLOUDFRONT' } } },
    Outputs: {
      AclArn: { Value: { 'Fn::GetAtt': ['WebAcl', 'Arn'] }, Export: { Name: 'acl-arn' } },
    },
  },
};
const edition: AssemblyStack = {
  name: 'Edition2020',
  region: 'eu-central-1',
  template: {
    Parameters: { Stage: { Default: 'prod' } },
    Resources: {
      Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      Named: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'fixed-name' } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
    },
  },
};
const other: AssemblyStack = { ...edition, name: 'Edition2021' };

const resolver = () =>
  new Resolver([firewall, edition, other], '000000000000', (id) =>
    id.includes('Secret') ? 'the-secret-value' : undefined,
  );

describe('Resolver', () => {
  it('names resources as CloudFormation would, distinct per stack, in the fake account', () => {
    const local = resolver();
    const table = local.string(edition, { Ref: 'Table' });
    expect(table).toMatch(/^Edition2020-Table-[0-9A-F]{12}$/);
    expect(local.string(other, { Ref: 'Table' })).not.toBe(table);
    expect(local.string(edition, { Ref: 'Named' })).toBe('fixed-name');
    expect(local.string(edition, { 'Fn::GetAtt': ['Table', 'Arn'] })).toBe(
      `arn:aws:dynamodb:eu-central-1:000000000000:table/${table}`,
    );
    expect(local.string(edition, { 'Fn::GetAtt': 'Queue.Arn' })).toMatch(
      /^arn:aws:sqs:eu-central-1:000000000000:Edition2020-Queue-/,
    );
    expect(local.string(edition, { 'Fn::GetAtt': ['Pool', 'ProviderURL'] })).toMatch(
      /^https:\/\/cognito-idp\.eu-central-1\.amazonaws\.com\/eu-central-1_/,
    );
  });

  it('evaluates Join, Sub, Select, Split, pseudo parameters, parameters and NoValue', () => {
    const local = resolver();
    const table = local.string(edition, { Ref: 'Table' });
    expect(local.resolve(edition, { 'Fn::Join': ['/', ['a', { Ref: 'AWS::Region' }]] })).toBe(
      'a/eu-central-1',
    );
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own syntax
      local.resolve(edition, { 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::AccountId}:${Table}' }),
    ).toBe(`arn:aws:x:000000000000:${table}`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own syntax
    expect(local.resolve(edition, { 'Fn::Sub': ['${A}-${Stage}-${!Literal}', { A: 'v' }] })).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own syntax
      'v-prod-${Literal}',
    );
    expect(
      local.resolve(edition, {
        'Fn::Select': [2, { 'Fn::Split': ['/', 'https://host.example/path'] }],
      }),
    ).toBe('host.example');
    expect(
      local.resolve(edition, { a: 1, b: { Ref: 'AWS::NoValue' }, c: [1, { Ref: 'AWS::NoValue' }] }),
    ).toEqual({
      a: 1,
      c: [1],
    });
  });

  it('reads other stacks: Fn::GetStackOutput and Fn::ImportValue', () => {
    const local = resolver();
    const arn = local.resolve(firewall, { 'Fn::GetAtt': ['WebAcl', 'Arn'] });
    expect(arn).toMatch(/^arn:aws:wafv2:us-east-1:000000000000:global\/webacl\//);
    expect(
      local.resolve(edition, {
        'Fn::GetStackOutput': { StackName: 'Firewall', OutputName: 'AclArn', Region: 'us-east-1' },
      }),
    ).toBe(arn);
    expect(local.resolve(edition, { 'Fn::ImportValue': 'acl-arn' })).toBe(arn);
  });

  it('takes what the runner learned over the made-up values, and resolves secret references', () => {
    const local = resolver();
    local.setRef(edition, 'Queue', 'http://127.0.0.1:4566/000000000000/q');
    local.setAttribute(edition, 'Table', 'StreamArn', 'arn:local-stream');
    expect(local.resolve(edition, { Ref: 'Queue' })).toBe('http://127.0.0.1:4566/000000000000/q');
    expect(local.resolve(edition, { 'Fn::GetAtt': ['Table', 'StreamArn'] })).toBe(
      'arn:local-stream',
    );
    expect(
      local.resolve(edition, {
        'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:::}}']],
      }),
    ).toBe('the-secret-value');
  });

  it('says which value it cannot make, rather than inventing one', () => {
    const local = resolver();
    expect(() => local.resolve(edition, { 'Fn::GetAtt': ['Table', 'Nonsense'] })).toThrow(
      /Table\.Nonsense/,
    );
    expect(() => local.resolve(edition, { Ref: 'Missing' })).toThrow(/Missing/);
    expect(() => local.resolve(edition, { 'Fn::Transform': {} })).toThrow(/Fn::Transform/);
  });
});
