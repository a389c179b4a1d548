/**
 * An email's content before it is addressed: what the templates make and a mail sender sends.
 * The recipient's address is never part of it; it travels beside it, in the envelope.
 */

export interface MailAttachment {
  filename: string;
  /** The full media type, parameters included: `text/calendar; charset=utf-8; method=PUBLISH`. */
  contentType: string;
  content: string;
}

export interface MailContent {
  subject: string;
  /** The plain-text part: the whole message, no markup. */
  text: string;
  /** The HTML part: the same message, every interpolated value escaped, nothing loaded from elsewhere. */
  html: string;
  attachments?: MailAttachment[];
}
