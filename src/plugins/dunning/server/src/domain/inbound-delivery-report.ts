import { type HeaderFields, headerValue, parseHeaderBlock } from './inbound-message';
import { normaliseAddress } from './suppressions';

/**
 * Reads the `message/delivery-status` body of a delivery status notification (RFC 3464 §2.1):
 * a block of per-message fields, then one block of per-recipient fields for each recipient,
 * blocks separated by empty lines, each written as header fields.
 */

/** The action values of RFC 3464 §2.3.3, and `unknown` for anything else. */
export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded' | 'unknown';

export type DsnRecipient = {
  /** The `Final-Recipient` address (RFC 3464 §2.3.2), lower-case. */
  recipient: string;
  /** The `Original-Recipient` address (§2.3.1), as our MTA was given it, when written. */
  originalRecipient: string | null;
  action: DsnAction;
  /** The status code (RFC 3463 §2: class.subject.detail), null when missing or malformed. */
  status: string | null;
  /** The text of `Diagnostic-Code` (§2.3.6) after its type, e.g. the remote SMTP reply. */
  diagnostic: string | null;
  remoteMta: string | null;
  /** `Action: failed` with a 5.x.x status: the address will not work (RFC 3463 §2, class 5). */
  permanent: boolean;
};

export type DeliveryReport = {
  /** The `Reporting-MTA` name (RFC 3464 §2.2.2), without its type. */
  reportingMta: string | null;
  /** Gmail's `X-Original-Message-ID` per-message field, without angle brackets. */
  originalMessageId: string | null;
  recipients: DsnRecipient[];
};

const ACTIONS: readonly DsnAction[] = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'];
const STATUS = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** The value after `type;`: an address, MTA name or diagnostic type (RFC 3464 §2.1.2–2.1.4). */
const typed = (value: string | null): string | null => {
  if (value === null) return null;
  const semicolon = value.indexOf(';');
  const text = (semicolon >= 0 ? value.slice(semicolon + 1) : value).trim();
  return text || null;
};

/** An `rfc822;` address without angle brackets, lower-case; null when empty. */
const addressOf = (value: string | null): string | null => {
  const text = typed(value)?.replace(/^<|>$/g, '').trim();
  return text ? normaliseAddress(text) : null;
};

/** The status code alone: MTAs write comments after it (`5.1.1 (bad destination mailbox)`). */
export const statusCode = (value: string | null): string | null => {
  const code = value?.trim().split(/[\s(]/)[0] ?? '';
  return STATUS.test(code) ? code : null;
};

const blocksOf = (text: string): HeaderFields[] =>
  text
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => parseHeaderBlock(block.replace(/^\n+/, '')))
    .filter((fields) => Object.keys(fields).length > 0);

const recipientOf = (fields: HeaderFields): DsnRecipient | null => {
  const recipient =
    addressOf(headerValue(fields, 'final-recipient')) ??
    addressOf(headerValue(fields, 'original-recipient'));
  if (!recipient) return null;
  const written = headerValue(fields, 'action')?.trim().toLowerCase().split(/[\s(]/)[0] ?? '';
  const action = ACTIONS.find((known) => known === written) ?? 'unknown';
  const status = statusCode(headerValue(fields, 'status'));
  return {
    recipient,
    originalRecipient: addressOf(headerValue(fields, 'original-recipient')),
    action,
    status,
    diagnostic: typed(headerValue(fields, 'diagnostic-code')),
    remoteMta: typed(headerValue(fields, 'remote-mta')),
    permanent: action === 'failed' && status?.startsWith('5.') === true,
  };
};

/** The per-message fields and every recipient block that names a recipient. */
export const parseDeliveryStatus = (text: string): DeliveryReport => {
  const blocks = blocksOf(text);
  const isRecipientBlock = (fields: HeaderFields) =>
    'final-recipient' in fields || 'original-recipient' in fields || 'action' in fields;
  const perMessage = blocks.find((fields) => !isRecipientBlock(fields)) ?? {};
  const originalId = headerValue(perMessage, 'x-original-message-id');
  return {
    reportingMta: typed(headerValue(perMessage, 'reporting-mta')),
    originalMessageId: originalId?.match(/<([^<>\s]+)>/)?.[1] ?? null,
    recipients: blocks
      .filter(isRecipientBlock)
      .map(recipientOf)
      .filter((recipient): recipient is DsnRecipient => recipient !== null),
  };
};
