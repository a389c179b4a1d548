import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { Account, Check } from './authorize.ts';

/**
 * SES API v2 SendEmail (`POST /v2/email/outbound-emails`): what IAM authorizes, and the message
 * delivered over SMTP (to MailDev), simple or raw content.
 */

type Json = Record<string, unknown>;

export class SesError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export interface OutgoingEmail {
  from: { address: string; name: string };
  recipients: string[];
  configurationSet?: string;
  feedbackAddress?: string;
  /** FromEmailAddressIdentityArn: the identity to send as, named by the caller. */
  identityArn?: string;
  /** The raw MIME message, or the simple content's parts. */
  raw?: Buffer;
  simple?: { to: string[]; cc: string[]; subject: string; text?: string; html?: string };
}

const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown) =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const dataOf = (value: unknown) =>
  isJson(value) && typeof value.Data === 'string' ? value.Data : undefined;

/** The header fields of a raw message (unfolded), by lower-case name. */
function headersOf(raw: Buffer): Record<string, string> {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  return headers;
}

const mailboxes = (field: string | undefined) =>
  addressparser(field ?? '', { flatten: true }).filter((mailbox) => mailbox.address);

/** The request as a message to send, or a BadRequestException as SES answers it. */
export function parseSendEmail(body: Json): OutgoingEmail {
  const content = isJson(body.Content) ? body.Content : {};
  const destination = isJson(body.Destination) ? body.Destination : {};
  const listed = [
    ...strings(destination.ToAddresses),
    ...strings(destination.CcAddresses),
    ...strings(destination.BccAddresses),
  ];
  const configurationSet =
    typeof body.ConfigurationSetName === 'string' ? body.ConfigurationSetName : undefined;
  const feedbackAddress =
    typeof body.FeedbackForwardingEmailAddress === 'string'
      ? body.FeedbackForwardingEmailAddress
      : undefined;
  const identityArn =
    typeof body.FromEmailAddressIdentityArn === 'string'
      ? body.FromEmailAddressIdentityArn
      : undefined;
  const common = {
    ...(identityArn ? { identityArn } : {}),
    ...(configurationSet ? { configurationSet } : {}),
    ...(feedbackAddress ? { feedbackAddress } : {}),
  };
  const declaredFrom =
    typeof body.FromEmailAddress === 'string' ? body.FromEmailAddress : undefined;
  if (isJson(content.Raw)) {
    const data = dataOf(content.Raw);
    const raw =
      data && /^[A-Za-z0-9+/]*={0,2}$/.test(data) ? Buffer.from(data, 'base64') : undefined;
    if (!raw?.length)
      throw new SesError('BadRequestException', 'Raw message data is missing or not base64.');
    const headers = headersOf(raw);
    const from = mailboxes(declaredFrom ?? headers.from)[0];
    if (!from) throw new SesError('BadRequestException', "Missing required header 'From'.");
    const recipients = listed.length
      ? listed
      : [...mailboxes(headers.to), ...mailboxes(headers.cc)].map((mailbox) => mailbox.address);
    if (!recipients.length) throw new SesError('BadRequestException', 'Missing final destination.');
    return { from, recipients, raw, ...common };
  }
  if (isJson(content.Simple)) {
    const simple = content.Simple;
    const bodyParts = isJson(simple.Body) ? simple.Body : {};
    const subject = dataOf(simple.Subject);
    const text = dataOf(bodyParts.Text);
    const html = dataOf(bodyParts.Html);
    const from = mailboxes(declaredFrom)[0];
    if (!from)
      throw new SesError('BadRequestException', 'Missing required field FromEmailAddress.');
    if (subject === undefined || (text === undefined && html === undefined)) {
      throw new SesError(
        'BadRequestException',
        'Simple content needs a subject and a text or HTML body.',
      );
    }
    if (!listed.length) throw new SesError('BadRequestException', 'Missing final destination.');
    return {
      from,
      recipients: listed,
      simple: {
        to: strings(destination.ToAddresses),
        cc: strings(destination.CcAddresses),
        subject,
        ...(text === undefined ? {} : { text }),
        ...(html === undefined ? {} : { html }),
      },
      ...common,
    };
  }
  throw new SesError(
    'BadRequestException',
    'Content must be Simple or Raw (templates are not served locally).',
  );
}

/**
 * The ways SES may authorize a send, any one sufficing: the sending identity is the address or
 * its domain, whichever the account verified (the domain's refusal is the one reported). Each
 * needs ses:SendEmail (Service Authorization Reference, Amazon SES) on the identity and on the
 * configuration set it names; raw content is authorized as ses:SendRawEmail as well, as SES
 * answers (`not authorized to perform ses:SendRawEmail` for SendEmail with Raw content: see
 * aws/aws-actionmailer-ses-ruby#10 and anymail/django-anymail#384).
 */
export function sesChecks(email: OutgoingEmail, where: Account): Check[][] {
  const arn = (resource: string) => `arn:aws:ses:${where.region}:${where.account}:${resource}`;
  const actions = email.raw ? ['ses:SendEmail', 'ses:SendRawEmail'] : ['ses:SendEmail'];
  const context = {
    'ses:ApiVersion': '2',
    'ses:FromAddress': email.from.address,
    'ses:FromDisplayName': email.from.name,
    'ses:Recipients': email.recipients,
    ...(email.feedbackAddress ? { 'ses:FeedbackAddress': email.feedbackAddress } : {}),
  };
  const domain = email.from.address.split('@').pop() ?? email.from.address;
  const identities = email.identityArn
    ? [email.identityArn]
    : [email.from.address, domain].map((identity) => arn(`identity/${identity}`));
  return identities.map((identity) =>
    actions.flatMap((action) => [
      { action, resource: identity, context },
      ...(email.configurationSet
        ? [{ action, resource: arn(`configuration-set/${email.configurationSet}`), context }]
        : []),
    ]),
  );
}

/** Delivers over SMTP; answers the MessageId SES would (its own, not the message's). */
export async function deliver(
  email: OutgoingEmail,
  smtp: { host: string; port: number },
): Promise<string> {
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
  try {
    const envelope = { from: email.from.address, to: email.recipients };
    if (email.raw) await transport.sendMail({ envelope, raw: email.raw });
    else if (email.simple) {
      const { to, cc, subject, text, html } = email.simple;
      await transport.sendMail({ envelope, from: email.from, to, cc, subject, text, html });
    }
  } catch (error) {
    // Its code only: SMTP answers may quote the addresses.
    const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
    const reason = String(responseCode ?? code ?? 'unknown');
    throw new SesError(
      'ServiceUnavailable',
      `The local mail server did not take the message (${reason}).`,
      503,
    );
  } finally {
    transport.close();
  }
  return `${Date.now().toString(16).padStart(16, '0')}-${randomUUID()}-000000`;
}
