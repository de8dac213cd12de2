import { type DsnRecipient, parseDeliveryStatus } from './inbound-delivery-report';
import {
  headerValue,
  type InboundMessage,
  messageIdsIn,
  ownMessageIdParts,
} from './inbound-message';
import { type ReturnDate, returnDateIn } from './return-date';
import { normaliseAddress } from './suppressions';

/**
 * What an inbound message is, read from its own structure, standards first:
 * - `own`: one of our messages coming back (a Bcc copy, a loop): ignored;
 * - `dsn`: a delivery status notification (RFC 3464): a permanent failure suppresses the
 *   address, a delay is noted;
 * - `auto-reply`: an automatic answer (RFC 3834 and the vendors' headers): noted, never a
 *   hold, with the return date its text names;
 * - `human`: anything else, recorded as a reply.
 */

export type AutoReplySignal = { header: string; value: string };

export type Classification =
  | { kind: 'own'; messageId: string }
  | {
      kind: 'dsn';
      /** Where the recipients were read: the report itself, or Exim's header when there is none. */
      source: 'delivery-status' | 'x-failed-recipients';
      reportingMta: string | null;
      recipients: DsnRecipient[];
      /** The Message-ID of the message that failed, from the returned headers. */
      returnedMessageId: string | null;
      /** The addresses to suppress: the permanent failures. */
      suppress: string[];
    }
  | { kind: 'auto-reply'; signal: AutoReplySignal; returnDate: ReturnDate | null }
  | { kind: 'human' };

export type ClassificationContext = {
  /** The domain of our deterministic Message-IDs (`reminder-<id>@<domain>`). */
  ownDomain: string;
  /** When the message arrived: the reference for its return date when it has no `Date`. */
  receivedAt: Date;
};

/** Our Message-IDs: `reminder-<documentId>@<domain>` and `notice-<key>@<domain>`. */
export const isOwnMessageId = (id: string, ownDomain: string): boolean =>
  ownMessageIdParts(id, ownDomain) !== null;

/** The first word of a header value: `auto-replied (zimbra; vacation)` is `auto-replied`. */
const token = (value: string) =>
  value
    .trim()
    .split(/[\s;(]/)[0]
    .toLowerCase();

/**
 * The header that marks an automatic answer, in this order: RFC 3834 §5's `Auto-Submitted`
 * (any value but `no`), then the vendors' marks: `X-Autoreply`, `X-Autorespond`, `Precedence:
 * auto_reply`, `bulk` or `junk` (a mailing list's `list` is people writing), Exchange's
 * `X-MS-Exchange-Inbox-Rules-Loop` (its inbox rules and out-of-office assistant) and
 * `X-MS-Exchange-Generated-Message-Source`.
 */
export const autoReplySignal = (message: InboundMessage): AutoReplySignal | null => {
  const present = (header: string): AutoReplySignal | null => {
    const value = headerValue(message.headers, header);
    return value === null ? null : { header, value };
  };
  const autoSubmitted = present('auto-submitted');
  if (autoSubmitted && token(autoSubmitted.value) !== 'no') return autoSubmitted;
  const precedence = present('precedence');
  return (
    present('x-autoreply') ??
    present('x-autorespond') ??
    (precedence && ['auto_reply', 'bulk', 'junk'].includes(token(precedence.value))
      ? precedence
      : null) ??
    present('x-ms-exchange-inbox-rules-loop') ??
    present('x-ms-exchange-generated-message-source')
  );
};

/** The Message-ID of the returned message: its headers, else Gmail's per-message field. */
const returnedMessageIdOf = (message: InboundMessage, originalMessageId: string | null) =>
  messageIdsIn(headerValue(message.returnedHeaders ?? {}, 'message-id'))[0] ?? originalMessageId;

/** The report types of a delivery status notification: RFC 3464's, and RFC 6533's for UTF-8 mail. */
const DSN_REPORT_TYPES = ['delivery-status', 'global-delivery-status'];

/**
 * A delivery status notification: a top-level `multipart/report` (RFC 6522) whose
 * `report-type` is a delivery status (RFC 3464 §2), or, without one, a bounce with Exim's
 * `X-Failed-Recipients` header, whose recipients carry no status and so suppress nothing (nor
 * does a report whose `message/delivery-status` part is missing).
 */
const deliveryReportOf = (message: InboundMessage): Classification | null => {
  const isReport =
    message.contentType === 'multipart/report' &&
    DSN_REPORT_TYPES.includes(message.reportType ?? '');
  if (isReport && message.deliveryStatus !== null) {
    const report = parseDeliveryStatus(message.deliveryStatus);
    return {
      kind: 'dsn',
      source: 'delivery-status',
      reportingMta: report.reportingMta,
      recipients: report.recipients,
      returnedMessageId: returnedMessageIdOf(message, report.originalMessageId),
      suppress: [...new Set(report.recipients.filter((r) => r.permanent).map((r) => r.recipient))],
    };
  }
  const failed = (message.headers['x-failed-recipients'] ?? [])
    .flatMap((value) => value.split(','))
    .map((address) => address.trim())
    .filter(Boolean)
    .map(normaliseAddress);
  if (!isReport && failed.length === 0) return null;
  return {
    kind: 'dsn',
    source: failed.length > 0 ? 'x-failed-recipients' : 'delivery-status',
    reportingMta: null,
    recipients: failed.map((recipient) => ({
      recipient,
      originalRecipient: null,
      action: 'failed',
      status: null,
      diagnostic: null,
      remoteMta: null,
      permanent: false,
    })),
    returnedMessageId: returnedMessageIdOf(message, null),
    suppress: [],
  };
};

export const classifyInbound = (
  message: InboundMessage,
  { ownDomain, receivedAt }: ClassificationContext
): Classification => {
  // Loop safety first: a message we wrote is never taken for an answer to it.
  if (message.messageId && isOwnMessageId(message.messageId, ownDomain))
    return { kind: 'own', messageId: message.messageId };
  const report = deliveryReportOf(message);
  if (report) return report;
  const signal = autoReplySignal(message);
  if (signal) {
    const returnDate = returnDateIn(
      `${message.subject}\n${message.text}`,
      message.date ?? receivedAt
    );
    return { kind: 'auto-reply', signal, returnDate };
  }
  return { kind: 'human' };
};
