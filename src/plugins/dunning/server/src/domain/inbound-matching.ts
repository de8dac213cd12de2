import type { Classification } from './inbound-classification';
import { type InboundMessage, ownMessageIdParts } from './inbound-message';
import { normaliseAddress } from './suppressions';

/**
 * Which customer an inbound message belongs to, tried in this order and recorded with the
 * way it matched: our deterministic Message-ID in its threading headers, the signed token of
 * a plus-address reply-to (`ar+<token>@…`), then the sender among the customers' contacts.
 * What matches nothing is Unassigned. The threading headers are written by the sender, so a
 * thread match holds only when the sender belongs to that reminder's customer: an
 * `In-Reply-To` copied from another customer's reminder leaves the message Unassigned.
 */

/** A reminder a threading id names, as the caller found it. */
export type ThreadReminder = {
  reminderId: string;
  customerId: string;
  /** The addresses it was sent to. */
  recipients: readonly string[];
};

/** A contact address of a customer. */
export type ContactAddress = { customerId: string; address: string };

/** A plus-address token whose signature and expiry the caller has checked. */
export type ReplyToken = { customerId: string; reminderId: string | null };

export type MatchInput = {
  /** The reminder ids the threading headers name, most relevant first (`threadReminderIds`). */
  threadIds: readonly string[];
  /** Those of `threadIds` that exist. */
  reminders: readonly ThreadReminder[];
  /** The verified plus-address token; null when absent, malformed, forged or expired. */
  replyToken: ReplyToken | null;
  /**
   * The addresses the message speaks for (`partiesOf`): the sender of a reply, the failed
   * recipients of a bounce.
   */
  parties: readonly string[];
  /** The contacts with one of the parties' addresses, and those of the threads' customers. */
  contacts: readonly ContactAddress[];
};

export type InboundMatch =
  | { via: 'thread'; customerId: string; reminderId: string }
  | { via: 'reply-token'; customerId: string; reminderId: string | null }
  | { via: 'sender'; customerId: string }
  | {
      via: 'unassigned';
      reason: 'no-match' | 'thread-sender-mismatch' | 'ambiguous-sender';
      /** The reminder the threading headers named, when they named one. */
      claimedReminderId: string | null;
    };

/**
 * The threading ids, most relevant first: a bounce's returned Message-ID, then `In-Reply-To`
 * (the parent), then `References` from the last (the parent) back to the thread's start
 * (RFC 5322 §3.6.4).
 */
export const threadingIds = (message: InboundMessage, classification: Classification): string[] => {
  const returned = classification.kind === 'dsn' ? [classification.returnedMessageId] : [];
  const ids = [...returned, ...message.inReplyTo, ...[...message.references].reverse()];
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
};

/** The reminder documentIds among threading ids: `reminder-<documentId>@<our domain>`. */
export const threadReminderIds = (ids: readonly string[], ownDomain: string): string[] => {
  const found = ids.flatMap((id) => {
    const parts = ownMessageIdParts(id.trim(), ownDomain);
    return parts?.kind === 'reminder' && /^[a-z0-9]+$/i.test(parts.key) ? [parts.key] : [];
  });
  return [...new Set(found)];
};

/**
 * The addresses a message speaks for: a bounce's failed recipients (the address our MTA was
 * given, RFC 3464 §2.3.1, before any forwarding), otherwise its sender.
 */
export const partiesOf = (message: InboundMessage, classification: Classification): string[] => {
  if (classification.kind === 'dsn')
    return [
      ...new Set(
        classification.recipients
          .filter((r) => r.action === 'failed' || r.action === 'delayed')
          .map((r) => r.originalRecipient ?? r.recipient)
      ),
    ];
  return message.from ? [normaliseAddress(message.from)] : [];
};

export const matchInbound = (input: MatchInput): InboundMatch => {
  const parties = input.parties.map(normaliseAddress);
  const contactsOf = (customerId: string) =>
    input.contacts
      .filter((contact) => contact.customerId === customerId)
      .map((contact) => normaliseAddress(contact.address));

  const thread = input.threadIds
    .map((id) => input.reminders.find((reminder) => reminder.reminderId === id))
    .find((reminder): reminder is ThreadReminder => reminder !== undefined);
  if (thread) {
    const known = new Set([
      ...thread.recipients.map(normaliseAddress),
      ...contactsOf(thread.customerId),
    ]);
    if (parties.length > 0 && parties.every((party) => known.has(party)))
      return { via: 'thread', customerId: thread.customerId, reminderId: thread.reminderId };
    return {
      via: 'unassigned',
      reason: 'thread-sender-mismatch',
      claimedReminderId: thread.reminderId,
    };
  }

  if (input.replyToken)
    return {
      via: 'reply-token',
      customerId: input.replyToken.customerId,
      reminderId: input.replyToken.reminderId,
    };

  const customers = new Set(
    input.contacts
      .filter((contact) => parties.includes(normaliseAddress(contact.address)))
      .map((contact) => contact.customerId)
  );
  if (customers.size === 1) return { via: 'sender', customerId: [...customers][0] };
  return {
    via: 'unassigned',
    reason: customers.size > 1 ? 'ambiguous-sender' : 'no-match',
    claimedReminderId: null,
  };
};
