import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';

import {
  type Attachment,
  type HeaderLines,
  type HeaderValue,
  type ParsedMail,
  simpleParser,
  type StructuredHeader,
} from 'mailparser';

import {
  type HeaderFields,
  headerValue,
  type InboundMessage,
  messageIdsIn,
  parseHeaderBlock,
} from '../domain/inbound-message';
import { normaliseAddress } from '../domain/suppressions';

/**
 * The parsing step of inbound mail: the raw message (from the mailbox or the webhook) streamed
 * through mailparser into the `InboundMessage` record the domain rules read. Within limits: a
 * message too large or with too many MIME parts is refused with what its header block says,
 * never parsed whole, and a malformed one never throws.
 */

export type ParseLimits = {
  /** The most raw bytes parsed; a larger message is refused (still hashed to the end). */
  maxBytes: number;
  /** The most MIME parts (mailparser's `maxChildNodes`). */
  maxParts: number;
  /** The most characters of text kept on the record. */
  maxTextCharacters: number;
};

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxParts: 200,
  maxTextCharacters: 100_000,
};

export type ParseRefusal = 'too-large' | 'too-many-parts' | 'unreadable';

export type ParseResult =
  | { ok: true; message: InboundMessage }
  | {
      ok: false;
      reason: ParseRefusal;
      detail: string;
      /** What the top header block says, for the error's record and its once-key. */
      messageId: string | null;
      from: string | null;
      subject: string | null;
      rawSha256: string;
      size: number;
    };

/** The top header block is kept up to this many bytes for a refused message's record. */
const HEAD_BYTES = 64 * 1024;

const fieldsOf = (lines: HeaderLines): HeaderFields =>
  parseHeaderBlock(lines.map(({ line }) => line).join('\r\n'));

/** The parts of a report that return the message, or its headers (RFC 3464 §2, RFC 6533). */
const RETURNED = [
  'text/rfc822-headers',
  'message/rfc822',
  'message/global',
  'message/global-headers',
];
const DELIVERY_STATUS = ['message/delivery-status', 'message/global-delivery-status'];

/** The header block of a returned message: the whole part for `text/rfc822-headers`. */
const returnedHeadersOf = (attachments: Attachment[]): HeaderFields | null => {
  const part = attachments.find((a) => RETURNED.includes(a.contentType));
  return part ? parseHeaderBlock(part.content.toString('utf8')) : null;
};

/** mailparser gives `Content-Type` as a value and its parameters (types.d.ts, `Headers`). */
const structuredOf = (value: HeaderValue | undefined): StructuredHeader | null =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  'params' in value &&
  typeof value.value === 'string'
    ? (value as StructuredHeader)
    : null;

const firstAddress = (mail: ParsedMail): string | null => {
  const address = mail.from?.value.find((entry) => entry.address)?.address;
  return address ? normaliseAddress(address) : null;
};

const addressesOf = (mail: ParsedMail): string[] =>
  [mail.to ?? []]
    .flat()
    .flatMap((list) => list.value)
    .flatMap((entry) => (entry.address ? [normaliseAddress(entry.address)] : []));

/** The most characters of HTML parsed and kept: markup takes more room than the text it holds. */
const htmlCharacters = (limits: ParseLimits) => limits.maxTextCharacters * 10;

const recordOf = (
  mail: ParsedMail,
  limits: ParseLimits,
  rawSha256: string,
  size: number
): InboundMessage => {
  const headers = fieldsOf(mail.headerLines);
  const structured = structuredOf(mail.headers.get('content-type'));
  const deliveryStatus = mail.attachments.find((a) => DELIVERY_STATUS.includes(a.contentType));
  return {
    messageId: messageIdsIn(headerValue(headers, 'message-id'))[0] ?? null,
    inReplyTo: messageIdsIn(headerValue(headers, 'in-reply-to')),
    references: (headers['references'] ?? []).flatMap((value) => messageIdsIn(value)),
    from: firstAddress(mail),
    subject: mail.subject ?? '',
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    headers,
    contentType: (structured?.value ?? 'text/plain').toLowerCase(),
    reportType: structured?.params['report-type']?.toLowerCase() ?? null,
    text: (mail.text ?? '').slice(0, limits.maxTextCharacters),
    html: typeof mail.html === 'string' ? mail.html.slice(0, htmlCharacters(limits)) : null,
    to: addressesOf(mail),
    deliveryStatus: deliveryStatus ? deliveryStatus.content.toString('utf8') : null,
    returnedHeaders: returnedHeadersOf(mail.attachments),
    rawSha256,
    size,
  };
};

const refusalOf = (error: unknown): { reason: ParseRefusal; detail: string } => {
  const detail = error instanceof Error ? error.message : String(error);
  return /child nodes/i.test(detail)
    ? { reason: 'too-many-parts', detail }
    : { reason: 'unreadable', detail };
};

/** Parses one raw message, a buffer or a stream of it, within `limits`. */
export const parseInbound = async (
  raw: Buffer | Readable,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS
): Promise<ParseResult> => {
  const source = Buffer.isBuffer(raw) ? Readable.from([raw]) : raw;
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  let tooLarge = false;

  const feed = new PassThrough();
  const parsing = simpleParser(feed, {
    keepDeliveryStatus: true,
    ignoreEmbedded: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    skipTextLinks: true,
    keepCidLinks: true,
    checksumAlgo: false,
    maxChildNodes: limits.maxParts,
    maxHtmlLengthToParse: htmlCharacters(limits),
  }).then(
    (mail) => ({ mail }),
    (error: unknown) => ({ error })
  );
  // Once the parser has settled (an error: it reads no further), the rest is only hashed.
  let parserStopped = false;
  const stopped = parsing.then(() => {
    parserStopped = true;
  });

  try {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      hash.update(bytes);
      size += bytes.length;
      if (headBytes < HEAD_BYTES) {
        head.push(bytes.subarray(0, HEAD_BYTES - headBytes));
        headBytes += Math.min(bytes.length, HEAD_BYTES - headBytes);
      }
      if (size > limits.maxBytes && !tooLarge) {
        tooLarge = true;
        feed.destroy(new Error(`more than ${limits.maxBytes} bytes`));
      }
      if (tooLarge || parserStopped) continue;
      if (!feed.write(bytes))
        await Promise.race([once(feed, 'drain').catch(() => undefined), stopped]);
    }
  } catch (error) {
    // The source failed (a connection lost): that is no verdict on the message.
    feed.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  if (!tooLarge && !parserStopped) feed.end();

  const rawSha256 = hash.digest('hex');
  const refused = (reason: ParseRefusal, detail: string): ParseResult => {
    const fields = parseHeaderBlock(Buffer.concat(head).toString('latin1'));
    return {
      ok: false,
      reason,
      detail,
      messageId: messageIdsIn(headerValue(fields, 'message-id'))[0] ?? null,
      from: headerValue(fields, 'from'),
      subject: headerValue(fields, 'subject'),
      rawSha256,
      size,
    };
  };
  if (tooLarge) {
    await parsing;
    return refused('too-large', `${size} bytes, more than ${limits.maxBytes}`);
  }
  const outcome = await parsing;
  if ('error' in outcome) {
    const { reason, detail } = refusalOf(outcome.error);
    return refused(reason, detail);
  }
  return { ok: true, message: recordOf(outcome.mail, limits, rawSha256, size) };
};
