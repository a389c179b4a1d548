import { randomUUID } from 'node:crypto';
import type { Account, Check } from './authorize.ts';

/** CloudFront CreateInvalidation and Secrets Manager GetSecretValue, served from memory. */

/** `/2020-05-31/distribution/{id}/invalidation`: the distribution's id, or undefined. */
export function invalidationTarget(path: string): string | undefined {
  return /^\/2020-05-31\/distribution\/([A-Za-z0-9]{1,64})\/invalidation\/?$/.exec(path)?.[1];
}

export function cloudFrontChecks(distributionId: string, where: Account): Check[] {
  // CloudFront is global: its ARNs have no region.
  const resource = `arn:aws:cloudfront::${where.account}:distribution/${distributionId}`;
  return [{ action: 'cloudfront:CreateInvalidation', resource }];
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface InvalidationBatch {
  paths: string[];
  callerReference: string;
}

/** The InvalidationBatch of the request body, or undefined when it is not one. */
export function parseInvalidation(xml: string): InvalidationBatch | undefined {
  const callerReference = /<CallerReference>([^<]*)<\/CallerReference>/.exec(xml)?.[1];
  const quantity = Number(/<Quantity>(\d+)<\/Quantity>/.exec(xml)?.[1]);
  const paths = [...xml.matchAll(/<Path>([^<]*)<\/Path>/g)].map(([, path = '']) =>
    unescapeXml(path),
  );
  if (!callerReference || paths.length !== quantity || !paths.length) return undefined;
  if (!paths.every((path) => path.startsWith('/'))) return undefined;
  return { paths, callerReference: unescapeXml(callerReference) };
}

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';

/** The 201 answer's body: the invalidation, in progress. */
export function invalidationXml(batch: InvalidationBatch): { id: string; xml: string } {
  const id = `I${randomUUID().replace(/-/g, '').slice(0, 13).toUpperCase()}`;
  const items = batch.paths.map((path) => `<Path>${escapeXml(path)}</Path>`).join('');
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="${NS}"><Id>${id}</Id>` +
    `<Status>InProgress</Status><CreateTime>${new Date().toISOString()}</CreateTime>` +
    `<InvalidationBatch><Paths><Quantity>${batch.paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>${escapeXml(batch.callerReference)}</CallerReference></InvalidationBatch></Invalidation>`;
  return { id, xml };
}

export function cloudFrontErrorXml(code: string, message: string): string {
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type>` +
    `<Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

/**
 * The secret a SecretId names: an ARN of `secrets`, or a name (the ARN ends in the name and
 * Secrets Manager's six-character suffix). The ARN to authorize, and the value when known.
 */
export function findSecret(
  secretId: string,
  secrets: Record<string, string>,
  where: Account,
): { arn: string; name: string; value?: string } {
  const nameOf = (arn: string) => arn.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? arn;
  // A name, or a partial ARN (without the suffix), names the secret as well as its full ARN.
  const arn =
    secretId in secrets
      ? secretId
      : Object.keys(secrets).find((candidate) =>
          secretId.startsWith('arn:')
            ? candidate.startsWith(`${secretId}-`) && candidate.length === secretId.length + 7
            : nameOf(candidate) === secretId,
        );
  if (arn) return { arn, name: nameOf(arn), value: secrets[arn] as string };
  return {
    arn: secretId.startsWith('arn:')
      ? secretId
      : `arn:aws:secretsmanager:${where.region}:${where.account}:secret:${secretId}`,
    name: secretId.startsWith('arn:') ? nameOf(secretId) : secretId,
  };
}

export function secretChecks(arn: string, body: Record<string, unknown>): Check[] {
  const context: Record<string, string> = {};
  if (typeof body.SecretId === 'string') context['secretsmanager:SecretId'] = body.SecretId;
  if (typeof body.VersionId === 'string') context['secretsmanager:VersionId'] = body.VersionId;
  if (typeof body.VersionStage === 'string')
    context['secretsmanager:VersionStage'] = body.VersionStage;
  return [{ action: 'secretsmanager:GetSecretValue', resource: arn, context }];
}
