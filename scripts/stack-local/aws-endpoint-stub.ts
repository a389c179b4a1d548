import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';

/**
 * A stand-in for the local AWS endpoint (scripts/stack-local/aws/endpoint.ts, written in
 * parallel), with its interface, so that the runner and its tests run until it lands: it knows
 * callers by their access key id but checks NO policy. DynamoDB and its streams go to DynamoDB
 * Local as they are; SQS (JSON protocol) is kept in memory with visibility timeouts, receive
 * counts and redrive; SESv2 SendEmail goes to MailDev's SMTP; CloudFront CreateInvalidation is
 * recorded; Secrets Manager GetSecretValue answers from `secrets`.
 */

export interface PolicyDocument {
  Version?: string;
  Statement: unknown[];
}
export interface Principal {
  name: string;
  roleArn: string;
  policies: PolicyDocument[];
}
export interface LocalAwsOptions {
  region: string;
  account: string;
  dynamoDbEndpoint: string;
  smtp?: { host: string; port: number };
  secrets?: Record<string, string>;
  principalOf(accessKeyId: string): Principal | undefined;
  log(entry: Record<string, unknown>): void;
}
export interface LocalAws {
  url: string;
  invalidations: { distributionId: string; paths: string[] }[];
  denials: { principal: string; action: string; resource: string }[];
  close(): Promise<void>;
}

interface Message {
  id: string;
  body: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  receipt?: string;
}
interface Queue {
  name: string;
  url: string;
  arn: string;
  attributes: Record<string, string>;
  messages: Message[];
}

class ServiceError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function credentialOf(
  request: IncomingMessage,
): { accessKeyId: string; service: string } | undefined {
  const match = /Credential=([^/]+)\/\d+\/[^/]+\/([^/]+)\//.exec(
    request.headers.authorization ?? '',
  );
  return match ? { accessKeyId: match[1] ?? '', service: match[2] ?? '' } : undefined;
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/x-amz-json-1.0',
) {
  response.writeHead(status, { 'content-type': type });
  response.end(JSON.stringify(body));
}

export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const queues = new Map<string, Queue>();
  const invalidations: LocalAws['invalidations'] = [];
  const smtp = options.smtp
    ? createTransport({
        host: options.smtp.host,
        port: options.smtp.port,
        secure: false,
        ignoreTLS: true,
      })
    : undefined;
  let url = '';

  const queueOf = (input: Record<string, unknown>): Queue => {
    const name =
      String(input.QueueUrl ?? '')
        .split('/')
        .pop() ?? '';
    const queue = queues.get(name);
    if (!queue) {
      throw new ServiceError(
        400,
        'com.amazonaws.sqs#QueueDoesNotExist',
        'The specified queue does not exist.',
      );
    }
    return queue;
  };

  const receive = (queue: Queue, input: Record<string, unknown>) => {
    const now = Date.now();
    const visibility = Number(input.VisibilityTimeout ?? queue.attributes.VisibilityTimeout ?? 30);
    const redrive = queue.attributes.RedrivePolicy
      ? (JSON.parse(queue.attributes.RedrivePolicy) as {
          deadLetterTargetArn: string;
          maxReceiveCount: number;
        })
      : undefined;
    const taken: Message[] = [];
    for (const message of [...queue.messages]) {
      if (taken.length >= Number(input.MaxNumberOfMessages ?? 1)) break;
      if (message.visibleAt > now) continue;
      if (redrive && message.receiveCount >= Number(redrive.maxReceiveCount)) {
        const target = [...queues.values()].find(
          (candidate) => candidate.arn === redrive.deadLetterTargetArn,
        );
        queue.messages.splice(queue.messages.indexOf(message), 1);
        target?.messages.push({ ...message, visibleAt: now, receiveCount: 0 });
        continue;
      }
      message.receiveCount += 1;
      message.visibleAt = now + visibility * 1000;
      message.receipt = randomUUID();
      taken.push(message);
    }
    return taken.map((message) => ({
      MessageId: message.id,
      ReceiptHandle: message.receipt,
      Body: message.body,
      MD5OfBody: md5(message.body),
      Attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        ApproximateFirstReceiveTimestamp: String(message.sentAt),
        SenderId: options.account,
      },
    }));
  };

  const send = (queue: Queue, body: string, delaySeconds: unknown) => {
    const message: Message = {
      id: randomUUID(),
      body,
      sentAt: Date.now(),
      visibleAt: Date.now() + Number(delaySeconds ?? queue.attributes.DelaySeconds ?? 0) * 1000,
      receiveCount: 0,
    };
    queue.messages.push(message);
    return { MessageId: message.id, MD5OfMessageBody: md5(body) };
  };

  const sqs = async (action: string, input: Record<string, unknown>): Promise<unknown> => {
    switch (action) {
      case 'CreateQueue': {
        const name = String(input.QueueName);
        const existing = queues.get(name);
        if (existing) return { QueueUrl: existing.url };
        const queue: Queue = {
          name,
          url: `${url}/${options.account}/${name}`,
          arn: `arn:aws:sqs:${options.region}:${options.account}:${name}`,
          attributes: { VisibilityTimeout: '30', ...(input.Attributes as Record<string, string>) },
          messages: [],
        };
        queues.set(name, queue);
        return { QueueUrl: queue.url };
      }
      case 'GetQueueUrl': {
        const queue = queues.get(String(input.QueueName));
        if (!queue)
          throw new ServiceError(
            400,
            'com.amazonaws.sqs#QueueDoesNotExist',
            'The specified queue does not exist.',
          );
        return { QueueUrl: queue.url };
      }
      case 'GetQueueAttributes': {
        const queue = queueOf(input);
        return {
          Attributes: {
            ...queue.attributes,
            QueueArn: queue.arn,
            ApproximateNumberOfMessages: String(
              queue.messages.filter((m) => m.visibleAt <= Date.now()).length,
            ),
            ApproximateNumberOfMessagesNotVisible: String(
              queue.messages.filter((m) => m.visibleAt > Date.now()).length,
            ),
          },
        };
      }
      case 'SendMessage':
        return send(queueOf(input), String(input.MessageBody), input.DelaySeconds);
      case 'SendMessageBatch': {
        const queue = queueOf(input);
        const entries = input.Entries as {
          Id: string;
          MessageBody: string;
          DelaySeconds?: number;
        }[];
        return {
          Successful: entries.map((entry) => ({
            Id: entry.Id,
            ...send(queue, entry.MessageBody, entry.DelaySeconds),
          })),
          Failed: [],
        };
      }
      case 'ReceiveMessage': {
        const queue = queueOf(input);
        const deadline = Date.now() + Number(input.WaitTimeSeconds ?? 0) * 1000;
        for (;;) {
          const messages = receive(queue, input);
          if (messages.length > 0 || Date.now() >= deadline) return { Messages: messages };
          await new Promise((resolveWait) => setTimeout(resolveWait, 50));
        }
      }
      case 'DeleteMessage': {
        const queue = queueOf(input);
        queue.messages = queue.messages.filter(
          (message) => message.receipt !== input.ReceiptHandle,
        );
        return {};
      }
      case 'DeleteMessageBatch': {
        const queue = queueOf(input);
        const entries = input.Entries as { Id: string; ReceiptHandle: string }[];
        const handles = new Set(entries.map((entry) => entry.ReceiptHandle));
        queue.messages = queue.messages.filter((message) => !handles.has(message.receipt ?? ''));
        return { Successful: entries.map(({ Id }) => ({ Id })), Failed: [] };
      }
      case 'ChangeMessageVisibility': {
        const queue = queueOf(input);
        const message = queue.messages.find(
          (candidate) => candidate.receipt === input.ReceiptHandle,
        );
        if (message) message.visibleAt = Date.now() + Number(input.VisibilityTimeout) * 1000;
        return {};
      }
      default:
        throw new ServiceError(
          400,
          'com.amazonaws.sqs#UnsupportedOperation',
          `${action} is not served locally.`,
        );
    }
  };

  const secretsManager = (action: string, input: Record<string, unknown>) => {
    const id = String(input.SecretId ?? '');
    const arn = Object.keys(options.secrets ?? {}).find(
      (candidate) =>
        candidate === id || candidate.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '') === id,
    );
    const stage = input.VersionStage ?? 'AWSCURRENT';
    if (!arn || (action === 'GetSecretValue' && stage !== 'AWSCURRENT')) {
      throw new ServiceError(
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    const name = arn.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '');
    if (action === 'DescribeSecret') return { ARN: arn, Name: name };
    if (action !== 'GetSecretValue') {
      throw new ServiceError(400, 'InvalidRequestException', `${action} is not served locally.`);
    }
    return {
      ARN: arn,
      Name: name,
      SecretString: options.secrets?.[arn],
      VersionId: 'local-version',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 0,
    };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await bodyOf(request);
    const credential = credentialOf(request);
    const principal = credential && options.principalOf(credential.accessKeyId);
    if (!credential || !principal) {
      json(response, 403, {
        __type: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      });
      return;
    }
    const target = String(request.headers['x-amz-target'] ?? '');
    const [, action = ''] = target.split('.');
    try {
      if (target.startsWith('DynamoDB')) {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
            headers[name] = value;
        }
        // DynamoDB Local takes letters and digits only as an access key id (and checks no signature).
        headers.authorization = (headers.authorization ?? '').replace(
          /Credential=[^/]+\//,
          'Credential=local/',
        );
        const forwarded = await fetch(options.dynamoDbEndpoint, { method: 'POST', headers, body });
        const answer = Buffer.from(await forwarded.arrayBuffer());
        const out: Record<string, string> = {};
        forwarded.headers.forEach((value, name) => {
          if (['content-type', 'x-amz-crc32', 'x-amzn-requestid'].includes(name)) out[name] = value;
        });
        response.writeHead(forwarded.status, out);
        response.end(answer);
        return;
      }
      const input =
        target && body.length ? (JSON.parse(body.toString()) as Record<string, unknown>) : {};
      if (target.startsWith('AmazonSQS.')) return json(response, 200, await sqs(action, input));
      if (target.startsWith('secretsmanager.')) {
        return json(response, 200, secretsManager(action, input), 'application/x-amz-json-1.1');
      }
      const path = request.url ?? '/';
      const invalidation = /^\/[\d-]+\/distribution\/([^/]+)\/invalidation$/.exec(path);
      if (request.method === 'POST' && invalidation) {
        const text = body.toString();
        const paths = [...text.matchAll(/<Path>([^<]*)<\/Path>/g)].map((match) => match[1] ?? '');
        const distributionId = decodeURIComponent(invalidation[1] ?? '');
        invalidations.push({ distributionId, paths });
        options.log({
          message: 'cloudfront invalidation',
          principal: principal.name,
          distributionId,
          paths,
        });
        const id = `I${randomUUID().replace(/-/g, '').slice(0, 13).toUpperCase()}`;
        const batch = /<InvalidationBatch[^>]*>[\s\S]*<\/InvalidationBatch>/.exec(text)?.[0] ?? '';
        response.writeHead(201, { 'content-type': 'text/xml', location: `${url}${path}/${id}` });
        response.end(
          `<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>${id}</Id><Status>InProgress</Status><CreateTime>${new Date().toISOString()}</CreateTime>${batch}</Invalidation>`,
        );
        return;
      }
      if (request.method === 'POST' && path === '/v2/email/outbound-emails') {
        const email = JSON.parse(body.toString()) as {
          FromEmailAddress?: string;
          Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
          Content?: { Raw?: { Data?: string } };
        };
        const raw = Buffer.from(email.Content?.Raw?.Data ?? '', 'base64');
        const to = [
          ...(email.Destination?.ToAddresses ?? []),
          ...(email.Destination?.CcAddresses ?? []),
          ...(email.Destination?.BccAddresses ?? []),
        ];
        if (!smtp || !email.FromEmailAddress || to.length === 0 || raw.length === 0) {
          throw new ServiceError(
            400,
            'BadRequestException',
            'Only raw messages with a sender and recipients are sent locally.',
          );
        }
        await smtp.sendMail({ envelope: { from: email.FromEmailAddress, to }, raw });
        options.log({ message: 'ses message sent to MailDev', principal: principal.name });
        return json(response, 200, { MessageId: randomUUID() }, 'application/json');
      }
      throw new ServiceError(
        400,
        'UnsupportedOperation',
        `${credential.service} ${request.method} ${path} ${target} is not served locally.`,
      );
    } catch (error) {
      const failure =
        error instanceof ServiceError
          ? error
          : new ServiceError(500, 'InternalFailure', String(error));
      options.log({
        message: 'local aws call failed',
        principal: principal.name,
        type: failure.type,
        error: failure.message,
      });
      response.writeHead(failure.status, {
        'content-type': 'application/json',
        'x-amzn-errortype': failure.type,
      });
      response.end(JSON.stringify({ __type: failure.type, message: failure.message }));
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    invalidations,
    denials: [],
    async close() {
      smtp?.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
