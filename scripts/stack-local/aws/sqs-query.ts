import { randomUUID } from 'node:crypto';
import { SqsError } from './sqs-queues.ts';

/**
 * SQS's older query protocol (form-encoded `Action=…`, XML answers), as SDKs before the JSON
 * protocol speak it: the request read into the JSON protocol's input, the output written back.
 */

type Json = Record<string, unknown>;

/** Fields of batch entries that are numbers in the JSON protocol. */
const NUMBERS = new Set([
  'DelaySeconds',
  'MaxNumberOfMessages',
  'WaitTimeSeconds',
  'VisibilityTimeout',
]);
/** Repeated parameters (`AttributeName.1`, …) and the JSON list they become. */
const LISTS: Record<string, string> = {
  AttributeName: 'AttributeNames',
  MessageSystemAttributeName: 'MessageSystemAttributeNames',
  MessageAttributeName: 'MessageAttributeNames',
};

const value = (field: string, text: string) =>
  NUMBERS.has(field) && /^-?\d+$/.test(text) ? Number(text) : text;

/** The operation and its input, as the JSON protocol would carry them. */
export function fromQuery(body: Buffer): { operation: string; input: Json } {
  const form = new URLSearchParams(body.toString('utf8'));
  const operation = form.get('Action') ?? '';
  if (!/^[A-Za-z]{1,64}$/.test(operation)) {
    throw new SqsError('InvalidAction', 'The request names no valid Action.');
  }
  const input: Json = {};
  const attributes: Record<string, { Name?: string; Value?: string }> = {};
  const entries: Record<string, Json> = {};
  for (const [key, text] of form) {
    const parts = key.split('.');
    const [head = '', index = '', field = ''] = parts;
    if (parts.length === 1 && key !== 'Action' && key !== 'Version') input[key] = value(key, text);
    else if (parts.length === 2 && LISTS[head]) {
      const list = LISTS[head];
      input[list] = [...((input[list] as string[] | undefined) ?? []), text];
    } else if (parts.length === 3 && head === 'Attribute') {
      attributes[index] = { ...attributes[index], [field]: text };
    } else if (parts.length === 3 && head.endsWith('Entry')) {
      entries[index] = { ...entries[index], [field]: value(field, text) };
    }
  }
  const named = Object.values(attributes).filter((a) => a.Name !== undefined);
  if (named.length) {
    input.Attributes = Object.fromEntries(named.map((a) => [a.Name, a.Value ?? '']));
  }
  const ordered = Object.keys(entries).sort((a, b) => Number(a) - Number(b));
  if (ordered.length) input.Entries = ordered.map((index) => entries[index]);
  return { operation, input };
}

const escapeXml = (text: unknown) =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const element = (name: string, text: unknown) =>
  text === undefined ? '' : `<${name}>${escapeXml(text)}</${name}>`;
const attributesXml = (attributes: unknown) =>
  Object.entries((attributes as Record<string, string> | undefined) ?? {})
    .map(
      ([name, text]) => `<Attribute>${element('Name', name)}${element('Value', text)}</Attribute>`,
    )
    .join('');
const fields = (entry: Json) =>
  Object.entries(entry)
    .map(([name, text]) => element(name, text))
    .join('');
const list = (value: unknown) => (Array.isArray(value) ? (value as Json[]) : []);

/** The XML answer of an operation served, from its JSON protocol output. */
export function queryXml(operation: string, output: Json): string {
  let result = '';
  if (operation === 'ListQueues') {
    result = list(output.QueueUrls)
      .map((url) => element('QueueUrl', url))
      .join('');
  } else if (operation === 'GetQueueAttributes') {
    result = attributesXml(output.Attributes);
  } else if (operation === 'ReceiveMessage') {
    result = list(output.Messages)
      .map(
        ({ Attributes, ...message }) =>
          `<Message>${fields(message)}${attributesXml(Attributes)}</Message>`,
      )
      .join('');
  } else if (operation.endsWith('Batch')) {
    result =
      list(output.Successful)
        .map((entry) => `<${operation}ResultEntry>${fields(entry)}</${operation}ResultEntry>`)
        .join('') +
      list(output.Failed)
        .map((entry) => `<BatchResultErrorEntry>${fields(entry)}</BatchResultErrorEntry>`)
        .join('');
  } else {
    result = fields(output);
  }
  return (
    `<?xml version="1.0"?><${operation}Response xmlns="http://queue.amazonaws.com/doc/2012-11-05/">` +
    (result ? `<${operation}Result>${result}</${operation}Result>` : '') +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`
  );
}
