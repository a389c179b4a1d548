import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '#functions/contract.ts';
import {
  announcementsPk,
  auditPk,
  CATALOG_PK,
  deliveriesPk,
  draftPk,
  editionPk,
  eventsPk,
  idempotencyPk,
  livePk,
  mailPk,
  onlineAccessPk,
  personPk,
  registrationsPk,
  releasesPk,
  scheduleNoticesPk,
  seatsPk,
  snapshotPk,
  speakerEmailPk,
  submissionsPk,
  webhooksPk,
} from '#functions/data/table/keys.ts';
import { ROUTE_THROTTLES } from '../../../infra/constructs/edition-api.ts';
import { ORGANIZER_REFRESH_HOURS } from '../../../infra/constructs/organizer-auth.ts';
import { REGISTRATION_PATH_TRANSFORMATIONS } from '../../../infra/firewall-stack.ts';
import { composeSeries } from '../../../infra/series/compose.ts';
import { seedEdition } from '../../support/editions.ts';

/**
 * The edge as AWS would run it, read from the synthesised templates (without bundling the
 * functions: their code is not what these properties are about). IAM conditions are evaluated
 * by a third-party IAM simulator, not by reading our own policy back.
 */

const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/hpcw-2020`;

interface Resource {
  Type: string;
  Properties: Record<string, any>;
  DependsOn?: string[];
}

let resources: Record<string, Resource>;
let webAcl: Resource;
let pinned: Record<string, Resource>;
let nagConclusion: { conclusion: string; violations: unknown[] };

function synth(originSecretVersion?: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const { series: stack, firewall } = composeSeries(app, {
    editions: [seedEdition()],
    account: ACCOUNT,
    region: REGION,
    mail: { from: 'workshop@hpcw.example', identity: 'hpcw.example' },
    ...(originSecretVersion ? { originSecretVersion } : {}),
  });
  return { app, stack, firewall };
}

beforeAll(() => {
  const { app, stack, firewall } = synth();
  resources = Template.fromStack(stack).toJSON().Resources;
  webAcl = Object.values(
    Template.fromStack(firewall).findResources('AWS::WAFv2::WebACL'),
  )[0] as Resource;
  const assembly = app.synth();
  const report = JSON.parse(
    readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
  );
  nagConclusion = report.pluginReports[0];
  pinned = Template.fromStack(synth('0123abcd-version').stack).toJSON().Resources;
}, 300_000);

const ofType = (type: string, from = resources) =>
  Object.entries(from).filter(([, resource]) => resource.Type === type);
const only = (type: string, from = resources) => {
  const found = ofType(type, from);
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
};
const logicalIdOf = (reference: unknown) =>
  (reference as { Ref?: string; 'Fn::GetAtt'?: [string, string] }).Ref ??
  (reference as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

/** The statements of the role a function runs with, the table's ARN put in. */
function roleStatements(functionId: string) {
  const [, fn] = only('AWS::Lambda::Function', {
    ...Object.fromEntries(
      ofType('AWS::Lambda::Function').filter(([id]) => id.startsWith(`${functionId}Function`)),
    ),
  });
  const role = logicalIdOf(fn.Properties.Role);
  const statements = ofType('AWS::IAM::Policy')
    .filter(([, policy]) =>
      policy.Properties.Roles.some((ref: unknown) => logicalIdOf(ref) === role),
    )
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
  return JSON.parse(
    JSON.stringify(statements, (_key, value) => {
      if (value && typeof value === 'object' && 'Fn::GetAtt' in value) {
        return value['Fn::GetAtt'][0].startsWith('DataTable') ? TABLE_ARN : 'arn:aws:other';
      }
      if (value && typeof value === 'object' && 'Fn::Join' in value) {
        const [separator, parts] = value['Fn::Join'];
        return parts
          .map((part: unknown) =>
            typeof part === 'string'
              ? part
              : (part as { Ref: string }).Ref === 'AWS::Partition'
                ? 'aws'
                : (part as { Ref: string }).Ref,
          )
          .join(separator);
      }
      if (value && typeof value === 'object' && 'Ref' in value) return `arn:aws:ref:${value.Ref}`;
      return value;
    }),
  );
}

async function decision(
  statements: unknown[],
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
) {
  const response = await runSimulation(
    {
      identityPolicies: [
        { name: 'role', policy: { Version: '2012-10-17', Statement: statements as never } },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: undefined,
      request: {
        action,
        principal: `arn:aws:iam::${ACCOUNT}:role/function`,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: context,
      },
    } as never,
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}

describe('the origin: no execute-api request is served without the front door', () => {
  it('has CloudFront send every request to the API with the origin secret, resolved at deploy', () => {
    const [, distribution] = only('AWS::CloudFront::Distribution');
    const all = distribution.Properties.DistributionConfig.Origins;
    // The API's origins; the console's bucket (S3, Origin Access Control) gets no secret.
    const origins = all.filter(
      (origin: { CustomOriginConfig?: unknown }) => origin.CustomOriginConfig,
    );
    expect(origins.length).toBeGreaterThan(0);
    for (const origin of all.filter((each: { S3OriginConfig?: unknown }) => each.S3OriginConfig)) {
      expect(origin.OriginCustomHeaders).toBeUndefined();
    }
    const [secretId] = only('AWS::SecretsManager::Secret', {
      ...Object.fromEntries(
        ofType('AWS::SecretsManager::Secret').filter(([id]) => id.includes('OriginSecret')),
      ),
    });
    for (const origin of origins) {
      expect(origin.OriginCustomHeaders).toEqual([
        {
          HeaderName: ORIGIN_VERIFY_HEADER,
          HeaderValue: {
            'Fn::Join': [
              '',
              ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}'],
            ],
          },
        },
      ]);
    }
    // A dynamic reference: the value itself is in no template.
  });

  it('after a rotation, sends the version named by -c originSecretVersion', () => {
    const [, distribution] = only('AWS::CloudFront::Distribution', pinned);
    const [origin] = distribution.Properties.DistributionConfig.Origins;
    expect(JSON.stringify(origin.OriginCustomHeaders[0].HeaderValue)).toMatch(
      /:SecretString:::0123abcd-version}}/,
    );
  });

  it('has every function an API route reaches check the header against the secret it may read', () => {
    const [secretId] = ofType('AWS::SecretsManager::Secret').find(([id]) =>
      id.includes('OriginSecret'),
    ) as [string, Resource];
    const integrated = new Set(
      ofType('AWS::ApiGatewayV2::Integration').map(([, integration]) =>
        logicalIdOf(integration.Properties.IntegrationUri),
      ),
    );
    expect(integrated.size).toBe(7);
    for (const functionId of integrated) {
      const fn = resources[functionId] as Resource;
      expect(fn.Properties.Environment.Variables.ORIGIN_SECRET_ARN).toEqual({ Ref: secretId });
      const name = functionId.replace(/Function[0-9A-F]{8}$/, '');
      const reads = roleStatements(name).filter(
        (statement: { Action: string | string[]; Resource: unknown }) =>
          [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
          statement.Resource === `arn:aws:ref:${secretId}`,
      );
      expect(reads, name).toHaveLength(1);
    }
  });
});

describe('throttles per group of routes', () => {
  it('gives every route its own throttle, sized per group, with the stage deployed after the routes', () => {
    const [stageId, stage] = only('AWS::ApiGatewayV2::Stage');
    const settings = stage.Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    const routes = ofType('AWS::ApiGatewayV2::Route');
    expect(Object.keys(settings).sort()).toEqual(
      routes.map(([, route]) => route.Properties.RouteKey).sort(),
    );
    const limits = (group: keyof typeof ROUTE_THROTTLES) => ({
      ThrottlingRateLimit: ROUTE_THROTTLES[group].rateLimit,
      ThrottlingBurstLimit: ROUTE_THROTTLES[group].burstLimit,
    });
    expect(settings['POST /editions/{year}/registrations']).toEqual(limits('registration'));
    expect(settings['POST /admin/editions/{year}/check-ins']).toEqual(limits('checkIn'));
    expect(settings['ANY /admin/{proxy+}']).toEqual(limits('admin'));
    expect(settings['GET /editions/{proxy+}']).toEqual(limits('publicReads'));
    expect(settings.$default).toEqual(limits('publicReads'));
    expect(settings['DELETE /editions/{year}/registrations/{id}']).toEqual(limits('manage'));
    expect(settings['POST /{year}/manage']).toEqual(limits('manage'));
    expect(settings['GET /openapi.json']).toEqual(limits('docs'));
    // Check-ins are their own route: /admin traffic cannot use up the door's budget.
    const checkIn = routes.find(
      ([, route]) => route.Properties.RouteKey === 'POST /admin/editions/{year}/check-ins',
    );
    expect(checkIn?.[1].Properties.AuthorizationType).toBe('JWT');
    for (const [routeId] of routes) expect(stage.DependsOn, stageId).toContain(routeId);
  });
});

describe('the registration rate rule in the web ACL', () => {
  const pathStatement = () =>
    webAcl.Properties.Rules[0].Statement.RateBasedStatement.ScopeDownStatement.AndStatement
      .Statements[1].RegexMatchStatement;

  /** What WAF does with each transformation (AWS WAF developer guide, text transformations). */
  const transform: Record<string, (value: string) => string> = {
    NONE: (value) => value,
    URL_DECODE: (value) =>
      value.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      ),
    NORMALIZE_PATH: (value) => {
      const segments: string[] = [];
      for (const segment of value.replace(/\/{2,}/g, '/').split('/')) {
        if (segment === '.') continue;
        if (segment === '..') segments.pop();
        else segments.push(segment);
      }
      return segments.join('/') || '/';
    },
    LOWERCASE: (value) => value.toLowerCase(),
  };
  const matches = (path: string) => {
    const { RegexString, TextTransformations } = pathStatement();
    const transformed = [...TextTransformations]
      .sort((a: { Priority: number }, b: { Priority: number }) => a.Priority - b.Priority)
      .reduce(
        (value: string, { Type }: { Type: string }) => (transform[Type] as typeof String)(value),
        path,
      );
    return new RegExp(RegexString).test(transformed);
  };

  it('decodes, normalises and lower-cases the path before matching, in that order', () => {
    expect(pathStatement().TextTransformations.map((step: { Type: string }) => step.Type)).toEqual([
      ...REGISTRATION_PATH_TRANSFORMATIONS,
    ]);
  });

  it.each([
    '/editions/2020/registrations',
    '/%65ditions/2020/registrations',
    '/editions/2020/%72egistrations',
    '/Editions/2020/REGISTRATIONS',
    '//editions/2020/registrations',
    '/editions/./2020/registrations',
    '/x/../editions/2020/registrations/',
  ])('counts %s as a registration', (path) => {
    expect(matches(path)).toBe(true);
  });

  it.each([
    '/editions/2020/registrations/reg_1',
    '/admin/editions/2020/registrations',
    '/editions/2020',
  ])('does not count %s', (path) => {
    expect(matches(path)).toBe(false);
  });
});

describe('least privilege', () => {
  it.each([
    ['CATALOG', CATALOG_PK],
    ['EDITION#', editionPk(2020)],
    ['SNAPSHOT#', snapshotPk(2020)],
    ['PERSON#', personPk('ada-lovelace')],
    ['LIVE#', livePk(2020)],
    ['RELEASES#', releasesPk(2020)],
    ['SEATS# (the seat counter)', seatsPk(2020)],
  ])('lets the public functions (reads, pages) read %s partitions', async (_name, partition) => {
    for (const statements of [roleStatements('PublicApi'), roleStatements('Pages')]) {
      for (const action of ['dynamodb:GetItem', 'dynamodb:Query']) {
        expect(
          await decision(statements, action, TABLE_ARN, { 'dynamodb:LeadingKeys': [partition] }),
        ).toBe('Allowed');
      }
    }
  });

  it.each([
    ['registrants (REG#)', registrationsPk(2020)],
    ['join URLs (ONLINE#)', onlineAccessPk(2020)],
    ['the audit trail (AUDIT#)', auditPk(2020)],
    ['the draft (DRAFT#)', draftPk(2020)],
    ['webhooks and their secrets (WEBHOOKS#)', webhooksPk(2020)],
    ['attendee messages (MAIL#)', mailPk(2020)],
  ])('denies the public functions (reads, pages) %s', async (_name, partition) => {
    for (const statements of [roleStatements('PublicApi'), roleStatements('Pages')]) {
      for (const action of ['dynamodb:GetItem', 'dynamodb:Query']) {
        expect(
          await decision(statements, action, TABLE_ARN, { 'dynamodb:LeadingKeys': [partition] }),
        ).not.toBe('Allowed');
      }
      // A batch that mixes an allowed partition with a denied one is denied as a whole.
      expect(
        await decision(statements, 'dynamodb:GetItem', TABLE_ARN, {
          'dynamodb:LeadingKeys': [editionPk(2020), partition],
        }),
      ).not.toBe('Allowed');
    }
  });

  it('lets the editor function write the draft and what a release writes, and nothing else', async () => {
    const statements = roleStatements('Editor');
    const released = [
      CATALOG_PK,
      editionPk(2020),
      snapshotPk(2020),
      personPk('ada-lovelace'),
      livePk(2020),
      releasesPk(2020),
      seatsPk(2020),
      draftPk(2020),
      auditPk(2020),
      onlineAccessPk(2020),
      registrationsPk(2020),
      mailPk(2020),
      eventsPk(2020),
      scheduleNoticesPk(2020),
    ];
    for (const partition of released) {
      for (const action of ['dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query']) {
        expect(
          await decision(statements, action, TABLE_ARN, { 'dynamodb:LeadingKeys': [partition] }),
          `${action} ${partition}`,
        ).toBe('Allowed');
      }
    }
    // The confirmed submissions whose speakers a schedule notice tells.
    expect(
      await decision(statements, 'dynamodb:Query', TABLE_ARN, {
        'dynamodb:LeadingKeys': [submissionsPk(2020)],
      }),
    ).toBe('Allowed');
    const others = [
      webhooksPk(2020),
      deliveriesPk(2020, 'wh_1'),
      announcementsPk(2020),
      idempotencyPk(2020, 'key'),
      speakerEmailPk('hash'),
    ];
    for (const partition of others) {
      for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem']) {
        expect(
          await decision(statements, action, TABLE_ARN, { 'dynamodb:LeadingKeys': [partition] }),
          `${action} ${partition}`,
        ).not.toBe('Allowed');
      }
    }
    // Neither the email key nor a scan.
    expect(
      await decision(statements, 'dynamodb:Scan', TABLE_ARN, {
        'dynamodb:LeadingKeys': [editionPk(2020)],
      }),
    ).not.toBe('Allowed');
  });

  it('lets the mail sender send from the configured address only', async () => {
    const statements = roleStatements('MailSender');
    const identity = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/hpcw.example`;
    expect(
      await decision(statements, 'ses:SendEmail', identity, {
        'ses:FromAddress': 'workshop@hpcw.example',
      }),
    ).toBe('Allowed');
    for (const from of ['ceo@hpcw.example', 'workshop@hpcw.example.evil.org']) {
      expect(
        await decision(statements, 'ses:SendEmail', identity, { 'ses:FromAddress': from }),
      ).not.toBe('Allowed');
    }
  });

  it('keeps an organizer refresh token for hours, not the 30-day default, and revocable', () => {
    const [, client] = only('AWS::Cognito::UserPoolClient');
    const minutes = ORGANIZER_REFRESH_HOURS * 60;
    expect(client.Properties).toMatchObject({
      RefreshTokenValidity: minutes,
      TokenValidityUnits: expect.objectContaining({ RefreshToken: 'minutes' }),
      EnableTokenRevocation: true,
    });
    expect(ORGANIZER_REFRESH_HOURS).toBeLessThanOrEqual(24);
  });
});

describe('cdk-nag', () => {
  it('passes with the edge changes, every acknowledgement explained', () => {
    expect(nagConclusion.violations).toEqual([]);
    expect(nagConclusion.conclusion).toBe('success');
  });
});
