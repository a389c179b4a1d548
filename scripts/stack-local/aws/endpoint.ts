import { createHash } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type Account,
  type Check,
  denialCause,
  firstRefusal,
  type Principal,
  type Refusal,
  sessionArn,
} from './authorize.ts';
import { dynamoDbChecks, streamChecks, withLocalArns } from './dynamodb.ts';
import { BodyTooLarge, readBody, replyError, replyJson, replyXml } from './replies.ts';
import {
  clientError,
  NAMESPACES,
  parseJson,
  partitionKeysOf,
  Refused,
  type Route,
  routeOf,
  sesRefusal,
  sqsRefusal,
} from './routes.ts';
import {
  cloudFrontChecks,
  findSecret,
  invalidationTarget,
  invalidationXml,
  parseInvalidation,
  secretChecks,
} from './services.ts';
import { deliver, parseSendEmail, sesChecks } from './ses.ts';
import { signedBy } from './signature.ts';
import { serveSqs, sqsChecks } from './sqs.ts';
import { fromQuery, queryXml } from './sqs-query.ts';
import { Queues } from './sqs-queues.ts';

/**
 * The local AWS endpoint of `npm run stack:local`: one HTTP server for the AWS SDK v3 clients
 * of the functions (AWS_ENDPOINT_URL). Each request is identified by its SigV4 access key (a
 * function's role) and its operation, authorized as AWS authorizes it by the IAM simulator
 * against that role's identity policies, then served: DynamoDB and DynamoDB Streams by DynamoDB
 * Local (forwarded byte for byte), SQS by queues in memory (JSON protocol; a queue URL's last
 * path segment is its name), SES v2 SendEmail over SMTP (MailDev), CloudFront invalidations
 * recorded, Secrets Manager GetSecretValue from `secrets`. A refusal answers as AWS does,
 * lands in `denials` and is logged, without the request's body.
 *
 * ARNs are those of `account` and `region`: tables `arn:aws:dynamodb:R:A:table/T`, streams
 * `arn:aws:dynamodb:R:A:table/T/stream/LABEL` (DynamoDB Local's label; DynamoDB Local's own
 * `arn:aws:dynamodb:ddblocal:000000000000:` prefix in a policy is read as R and A), queues
 * `arn:aws:sqs:R:A:NAME`, distributions `arn:aws:cloudfront::A:distribution/ID`.
 *
 * For a runner: the functions' AWS_REGION is `region` (a request signed for another region is
 * refused, as AWS refuses it; CloudFront's may be us-east-1). Queues are made through this
 * endpoint (CreateQueue, by a principal allowed sqs:CreateQueue, with the template's
 * attributes: RedrivePolicy, VisibilityTimeout, Policy), at `${url}/${account}/${name}`. Event
 * source mappings poll as the function's role, as Lambda does: ReceiveMessage, DeleteMessage
 * and ChangeMessageVisibility on the queue; DescribeStream, GetShardIterator, GetRecords on the
 * stream (ListStreams on `*`).
 */

export type { PolicyDocument, Principal } from './authorize.ts';

export interface LocalAwsOptions {
  region: string;
  account: string;
  /** DynamoDB Local's URL. */
  dynamoDbEndpoint: string;
  /** MailDev's SMTP server; without it SendEmail is answered and the message dropped. */
  smtp?: { host: string; port: number };
  /** Secret ARN -> SecretString. */
  secrets?: Record<string, string>;
  /** The role an access key signs for; an unknown key is refused as AWS refuses it. */
  principalOf(accessKeyId: string): Principal | undefined;
  log(entry: Record<string, unknown>): void;
}
export interface LocalAws {
  url: string;
  invalidations: { distributionId: string; paths: string[] }[];
  denials: { principal: string; action: string; resource: string }[];
  close(): Promise<void>;
}

export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const where: Account = { account: options.account, region: options.region };
  const invalidations: LocalAws['invalidations'] = [];
  const denials: LocalAws['denials'] = [];
  const secrets = options.secrets ?? {};
  const agent = new Agent({ keepAlive: true });
  const dynamoDb = new DynamoDBClient({
    endpoint: options.dynamoDbEndpoint,
    region: options.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const keys = partitionKeysOf(dynamoDb);
  let queues!: Queues;

  /** Each check in order, or any of several alternatives (SES identities); throws a refusal. */
  const normalized = new WeakMap<Principal, Principal>();
  async function authorize(caller: Principal, route: Route, alternatives: Check[][]) {
    let principal = normalized.get(caller);
    if (!principal) {
      principal = { ...caller, policies: withLocalArns(caller.policies, where) };
      normalized.set(caller, principal);
    }
    let refusal: Refusal | undefined;
    for (const checks of alternatives) {
      refusal = await firstRefusal(principal, checks, where, (check, message) =>
        options.log({
          level: 'warn',
          message: 'local AWS cannot simulate a call',
          action: check.action,
          resource: check.resource,
          reason: message,
        }),
      );
      if (!refusal) return;
    }
    if (!refusal) return;
    if (refusal.reason === 'invalid') {
      throw clientError(
        'ValidationException',
        `${refusal.action} on ${refusal.resource} cannot be authorized (not an IAM action of this resource).`,
      );
    }
    const session = sessionArn(principal, options.account);
    denials.push({ principal: principal.name, action: refusal.action, resource: refusal.resource });
    options.log({
      level: 'warn',
      message: 'AWS access denied',
      principal: principal.name,
      operation: `${route.service}:${route.operation}`,
      action: refusal.action,
      resource: refusal.resource,
    });
    const message =
      route.service === 'ses'
        ? `User \`${session}' is not authorized to perform \`${refusal.action}' on resource \`${refusal.resource}'`
        : `User: ${session} is not authorized to perform: ${refusal.action} on resource: ${refusal.resource} ${denialCause(refusal)}`;
    throw new Refused({
      // The coral JSON services answer 400; SQS (query-compatible), SES and CloudFront 403.
      status: ['sqs', 'ses', 'cloudfront'].includes(route.service) ? 403 : 400,
      code: 'AccessDeniedException',
      message,
      queryCode: 'AccessDenied',
    });
  }

  /** The signer's principal, or the refusal AWS answers an unsigned or unknown request. */
  function principalFor(request: IncomingMessage, route: Route): Principal {
    const signer = signedBy(request.headers.authorization);
    const status = route.protocol.startsWith('rest') ? 403 : 400;
    if (!signer)
      throw clientError(
        'MissingAuthenticationTokenException',
        'Request is missing Authentication Token',
        status,
      );
    if (signer.service !== route.signingName) {
      throw clientError(
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${route.signingName}'.`,
        status,
      );
    }
    // CloudFront is global: signed for us-east-1 in AWS, for the client's region at an endpoint URL.
    const regions =
      route.service === 'cloudfront' ? ['us-east-1', options.region] : [options.region];
    if (!regions.includes(signer.region)) {
      throw clientError(
        'InvalidSignatureException',
        `Credential should be scoped to a valid region, not '${signer.region.slice(0, 40)}'.`,
        status,
      );
    }
    const principal = options.principalOf(signer.accessKeyId);
    if (!principal) {
      denials.push({
        principal: 'unrecognized access key',
        action: `${route.signingName}:${route.operation}`,
        resource: '*',
      });
      options.log({
        level: 'warn',
        message: 'AWS request with an unknown access key refused',
        operation: `${route.service}:${route.operation}`,
      });
      throw clientError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        status,
      );
    }
    return principal;
  }

  async function serve(
    request: IncomingMessage,
    response: ServerResponse,
    route: Route,
    body: Buffer,
  ) {
    const principal = principalFor(request, route);
    switch (route.service) {
      case 'dynamodb':
      case 'streams': {
        const json = parseJson(body);
        const checks =
          route.service === 'streams'
            ? streamChecks(route.operation, json, where)
            : await dynamoDbChecks(route.operation, json, where, keys.of);
        await authorize(principal, route, [checks]);
        if (['CreateTable', 'DeleteTable', 'UpdateTable'].includes(route.operation)) keys.forget();
        await forward(request, response, body);
        return;
      }
      case 'sqs': {
        const { operation, input } =
          route.protocol === 'query'
            ? fromQueryOrRefuse(body)
            : { operation: route.operation, input: parseJson(body) };
        await authorize(principal, { ...route, operation }, [sqsChecks(operation, input, queues)]);
        const senderId = sessionArn(principal, options.account);
        const output = await serveSqs(operation, input, queues, senderId).catch((error) => {
          throw sqsRefusal(error);
        });
        if (route.protocol === 'query') replyXml(response, queryXml(operation, output));
        else replyJson(response, route.protocol, output);
        return;
      }
      case 'secretsmanager': {
        const json = parseJson(body);
        if (route.operation !== 'GetSecretValue')
          throw clientError(
            'UnknownOperationException',
            `${route.operation} is not served locally.`,
          );
        if (typeof json.SecretId !== 'string' || !json.SecretId)
          throw clientError('InvalidParameterException', 'SecretId is required.');
        const secret = findSecret(json.SecretId, secrets, where);
        await authorize(principal, route, [secretChecks(secret.arn, json)]);
        const versionId = createHash('sha256')
          .update(`${secret.arn}\n${secret.value}`)
          .digest('hex')
          .slice(0, 32);
        const stage = typeof json.VersionStage === 'string' ? json.VersionStage : 'AWSCURRENT';
        const wrongVersion = typeof json.VersionId === 'string' && json.VersionId !== versionId;
        if (secret.value === undefined || stage !== 'AWSCURRENT' || wrongVersion) {
          throw clientError(
            'ResourceNotFoundException',
            "Secrets Manager can't find the specified secret.",
          );
        }
        replyJson(response, route.protocol, {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: versionId,
          SecretString: secret.value,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 0,
        });
        return;
      }
      case 'ses': {
        let email: ReturnType<typeof parseSendEmail>;
        try {
          email = parseSendEmail(parseJson(body));
        } catch (error) {
          if (error instanceof Refused)
            throw clientError('BadRequestException', 'The request body is not a JSON object.');
          throw sesRefusal(error);
        }
        await authorize(principal, route, sesChecks(email, where));
        if (!options.smtp) {
          options.log({
            level: 'warn',
            message: 'SES SendEmail answered without delivery: no SMTP server',
          });
          replyJson(response, route.protocol, { MessageId: `local-${Date.now()}` });
          return;
        }
        try {
          replyJson(response, route.protocol, { MessageId: await deliver(email, options.smtp) });
        } catch (error) {
          throw sesRefusal(error);
        }
        return;
      }
      case 'cloudfront': {
        const distributionId = invalidationTarget(new URL(request.url ?? '/', url).pathname) ?? '';
        await authorize(principal, route, [cloudFrontChecks(distributionId, where)]);
        const batch = parseInvalidation(body.toString('utf8'));
        if (!batch)
          throw clientError(
            'MalformedInput',
            'The request body is not an InvalidationBatch with its Paths and CallerReference.',
          );
        invalidations.push({ distributionId, paths: batch.paths });
        const { id, xml } = invalidationXml(batch);
        replyXml(response, xml, 201, {
          location: `${url}/2020-05-31/distribution/${distributionId}/invalidation/${id}`,
        });
        return;
      }
    }
  }

  /** The request as it came, to DynamoDB Local, and its answer as it came back. */
  function forward(
    request: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
  ): Promise<void> {
    const target = new URL(options.dynamoDbEndpoint);
    const headers = {
      ...request.headers,
      host: target.host,
      'content-length': String(body.length),
    };
    delete headers.connection;
    delete headers['transfer-encoding'];
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          path: '/',
          method: 'POST',
          headers,
          agent,
        },
        (answer) => {
          const {
            connection: _c,
            'transfer-encoding': _t,
            'keep-alive': _k,
            ...kept
          } = answer.headers;
          response.writeHead(answer.statusCode ?? 502, kept);
          answer.pipe(response);
          answer.on('end', resolve);
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    const route = routeOf(request, path);
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      replyError(response, route?.protocol ?? 'json1.0', {
        status: 413,
        code: 'RequestEntityTooLargeException',
        message: 'Request entity too large.',
      });
      return;
    }
    if (!route) {
      const status = request.headers['x-amz-target'] ? 400 : 404;
      replyError(response, request.headers['x-amz-target'] ? 'json1.0' : 'rest-json', {
        status,
        code: 'UnknownOperationException',
        message: 'No operation of this endpoint matches the request.',
      });
      return;
    }
    try {
      await serve(request, response, route, body);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      const namespace = NAMESPACES[route.service];
      replyError(response, route.protocol, { ...error.reply, ...(namespace ? { namespace } : {}) });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log({
        level: 'error',
        message: 'local AWS endpoint failed',
        error: error instanceof Error ? error.name : 'unknown',
      });
      if (!response.headersSent)
        replyError(response, 'rest-json', {
          status: 500,
          code: 'InternalFailure',
          message: 'The local endpoint failed.',
        });
      else response.destroy();
    });
  });
  // The simulator loads IAM's action data on its first use: here, not in a function's first call.
  await firstRefusal(
    { name: 'warm-up', roleArn: `arn:aws:iam::${options.account}:role/warm-up`, policies: [] },
    [
      {
        action: 'dynamodb:GetItem',
        resource: `arn:aws:dynamodb:${options.region}:${options.account}:table/warm-up`,
      },
    ],
    where,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  queues = new Queues(url, options.region, options.account);
  return {
    url,
    invalidations,
    denials,
    async close() {
      queues.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
      dynamoDb.destroy();
    },
  };
}

function fromQueryOrRefuse(body: Buffer) {
  try {
    return fromQuery(body);
  } catch (error) {
    throw sqsRefusal(error);
  }
}
