import { createHash } from 'node:crypto';
import type { Resource } from './assembly.ts';

/**
 * The physical values a deployed resource would have (its Ref and its attributes), made up
 * locally the way CloudFormation and each service shape them, in a fake account: a table's name
 * and ARN, a queue's URL, a secret's ARN, a user pool's id. Deterministic, and distinct per stack
 * and logical id, so that two stacks (two years) never share one.
 */

export const LOCAL_ACCOUNT = '000000000000';

export interface Place {
  stackName: string;
  region: string;
  account: string;
}

export interface Physical {
  ref: string;
  attributes: Record<string, string>;
}

const hash = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/** `StackName-LogicalId-SUFFIX`, as CloudFormation names what the template leaves unnamed. */
function generatedName(place: Place, logicalId: string, maxLength = 128): string {
  const suffix = hash(`${place.stackName}/${logicalId}`, 12).toUpperCase();
  return `${`${place.stackName}-${logicalId}`.slice(0, maxLength - 13)}-${suffix}`;
}

const named = (properties: Record<string, unknown>, key: string) =>
  typeof properties[key] === 'string' ? (properties[key] as string) : undefined;

/**
 * `properties` are the resource's properties, resolved as far as its name needs (names are
 * literals or parameters in practice).
 */
export function physicalOf(
  place: Place,
  logicalId: string,
  resource: Resource,
  properties: Record<string, unknown>,
): Physical {
  const { region, account } = place;
  const id = hash(`${place.stackName}/${logicalId}`, 10);
  const name = (key: string, maxLength?: number) =>
    named(properties, key) ?? generatedName(place, logicalId, maxLength);
  switch (resource.Type) {
    case 'AWS::DynamoDB::Table': {
      const table = name('TableName');
      return {
        ref: table,
        attributes: { Arn: `arn:aws:dynamodb:${region}:${account}:table/${table}` },
      };
    }
    case 'AWS::Lambda::Function': {
      const fn = name('FunctionName', 64);
      return { ref: fn, attributes: { Arn: `arn:aws:lambda:${region}:${account}:function:${fn}` } };
    }
    case 'AWS::IAM::Role': {
      const role = name('RoleName', 64);
      return {
        ref: role,
        attributes: {
          Arn: `arn:aws:iam::${account}:role/${role}`,
          RoleId: `AROA${id.toUpperCase()}`,
        },
      };
    }
    case 'AWS::SQS::Queue': {
      const queue = name('QueueName', 80);
      const url = `https://sqs.${region}.amazonaws.com/${account}/${queue}`;
      return {
        ref: url,
        attributes: {
          Arn: `arn:aws:sqs:${region}:${account}:${queue}`,
          QueueName: queue,
          QueueUrl: url,
        },
      };
    }
    case 'AWS::SecretsManager::Secret': {
      const secret = name('Name');
      const arn = `arn:aws:secretsmanager:${region}:${account}:secret:${secret}-${id.slice(0, 6)}`;
      return { ref: arn, attributes: { Id: arn } };
    }
    case 'AWS::Cognito::UserPool': {
      const pool = `${region}_${id}`;
      return {
        ref: pool,
        attributes: {
          Arn: `arn:aws:cognito-idp:${region}:${account}:userpool/${pool}`,
          ProviderName: `cognito-idp.${region}.amazonaws.com/${pool}`,
          ProviderURL: `https://cognito-idp.${region}.amazonaws.com/${pool}`,
          UserPoolId: pool,
        },
      };
    }
    // Its Ref is the managed login domain's prefix (`<prefix>.auth.<region>.amazoncognito.com`).
    case 'AWS::Cognito::UserPoolDomain':
      return { ref: name('Domain', 63).toLowerCase(), attributes: {} };
    case 'AWS::Cognito::UserPoolClient':
      return { ref: `local${hash(`${place.stackName}/${logicalId}`, 21)}`, attributes: {} };
    case 'AWS::ApiGatewayV2::Api':
      return {
        ref: id,
        attributes: { ApiId: id, ApiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com` },
      };
    case 'AWS::CloudFront::Distribution':
      return {
        ref: `E${id.toUpperCase()}`,
        attributes: { DomainName: `d${id}.cloudfront.net`, Id: `E${id.toUpperCase()}` },
      };
    case 'AWS::CloudFront::Function': {
      const arn = `arn:aws:cloudfront::${account}:function/${name('Name', 64)}`;
      return { ref: arn, attributes: { FunctionARN: arn, Stage: 'LIVE' } };
    }
    case 'AWS::CloudFront::OriginAccessControl':
    case 'AWS::CloudFront::ResponseHeadersPolicy':
      return { ref: id.toUpperCase(), attributes: { Id: id.toUpperCase() } };
    case 'AWS::SNS::Topic': {
      const topic = name('TopicName', 256);
      const arn = `arn:aws:sns:${region}:${account}:${topic}`;
      return { ref: arn, attributes: { TopicArn: arn, TopicName: topic } };
    }
    case 'AWS::Logs::LogGroup': {
      const group = name('LogGroupName', 512);
      return {
        ref: group,
        attributes: { Arn: `arn:aws:logs:${region}:${account}:log-group:${group}:*` },
      };
    }
    case 'AWS::S3::Bucket': {
      const bucket = (
        named(properties, 'BucketName') ?? generatedName(place, logicalId, 63)
      ).toLowerCase();
      return {
        ref: bucket,
        attributes: {
          Arn: `arn:aws:s3:::${bucket}`,
          DomainName: `${bucket}.s3.amazonaws.com`,
          RegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
        },
      };
    }
    case 'AWS::KMS::Key': {
      const key = `${id}-0000-4000-8000-${hash(logicalId, 12)}`;
      return {
        ref: key,
        attributes: { Arn: `arn:aws:kms:${region}:${account}:key/${key}`, KeyId: key },
      };
    }
    case 'AWS::WAFv2::WebACL': {
      const acl = name('Name');
      const scope = properties.Scope === 'CLOUDFRONT' ? 'global' : 'regional';
      return {
        ref: `${acl}|${id}|${properties.Scope ?? 'REGIONAL'}`,
        attributes: {
          Arn: `arn:aws:wafv2:${region}:${account}:${scope}/webacl/${acl}/${id}`,
          Id: id,
        },
      };
    }
    default: {
      // Anything else: its name, and an ARN in the service its type names.
      const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'unknown';
      const ref = generatedName(place, logicalId);
      return { ref, attributes: { Arn: `arn:aws:${service}:${region}:${account}:${ref}` } };
    }
  }
}
