import type { Core } from '@strapi/strapi';

import { statusAfterDeliveryEvent } from '../domain/delivery-status';
import { type Classification, classifyInbound } from '../domain/inbound-classification';
import type { DsnRecipient } from '../domain/inbound-delivery-report';
import { inboundKey } from '../domain/inbound-key';
import {
  type InboundMatch,
  matchInbound,
  partiesOf,
  threadingIds,
  threadReminderIds,
} from '../domain/inbound-matching';
import type { InboundMessage } from '../domain/inbound-message';
import { sanitiseInboundHtml } from '../inbound/html';
import { DEFAULT_PARSE_LIMITS, parseInbound } from '../inbound/parse';
import {
  type InboundClass,
  inboundMessageRepository,
  type InboundVia,
  type NewInboundMessage,
} from '../repositories/inbound-messages';
import { reminderReads } from '../repositories/reminder-reads';
import { reminderRepository } from '../repositories/reminders';
import { inTransaction } from '../repositories/sql/db';
import { getPluginService } from '../utils/plugin';

/**
 * Ingestion of inbound mail (SPEC F8.1, docs/inbound.md): parse, classify, match, then
 * record once and act in one transaction (docs/engine.md, "All or nothing"): a message
 * whose effect could not be written is not on record, and the next delivery of it
 * applies it. What it does: a delivery status notification's permanent failures go on
 * the suppression list as a signed bounce's do, its delays are noted on the reminder's
 * timeline; an automatic answer, a reply or our own message is recorded only. It never
 * answers anything.
 */

export type InboundOrigin = 'imap' | 'webhook';

export type IngestOutcome = { recorded: boolean; classification: InboundClass };

/** The record's class of each classification (domain/inbound-classification.ts). */
const CLASS_OF: Record<Classification['kind'], InboundClass> = {
  own: 'own',
  dsn: 'dsn',
  'auto-reply': 'auto_reply',
  human: 'reply',
};

const VIA_OF: Record<Exclude<InboundMatch['via'], 'unassigned'>, InboundVia> = {
  thread: 'thread',
  'reply-token': 'token',
  sender: 'sender',
};

/** What the suppression list and the timeline say of one recipient: its status and the remote reply. */
const reasonOf = (recipient: DsnRecipient) =>
  [recipient.status, recipient.diagnostic].filter(Boolean).join(' ').slice(0, 255) || null;

const cut = (value: string | null, length: number) =>
  value === null ? null : value.slice(0, length);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const messages = () => inboundMessageRepository(strapi);

  /** The customer and reminder a classified message belongs to, from the candidates it names. */
  const matchOf = async (
    message: InboundMessage,
    classification: Classification,
    ownDomain: string
  ): Promise<InboundMatch> => {
    const threadIds = threadReminderIds(threadingIds(message, classification), ownDomain);
    const reminders = (await reminderReads(strapi).recipientsOf(threadIds)).map((reminder) => ({
      reminderId: reminder.documentId,
      customerId: reminder.customerDocumentId,
      recipients: (reminder.recipients ?? []).map(({ address }) => address),
    }));
    const parties = partiesOf(message, classification);
    const contacts = await getPluginService(strapi, 'receivables').contactsWithAddresses(parties);
    // Plus-address reply tokens are not written on reminders yet: none to check.
    return matchInbound({ threadIds, reminders, replyToken: null, parties, contacts });
  };

  /** A delivery status notification's effect on the reminder and the suppression list. */
  const actOnReport = async (
    classification: Extract<Classification, { kind: 'dsn' }>,
    match: InboundMatch,
    at: Date
  ) => {
    if (match.via === 'unassigned') return;
    const reminderDocumentId = 'reminderId' in match ? match.reminderId : null;
    const failed = classification.recipients.filter((r) => r.permanent);
    const delayed = classification.recipients.filter(
      (r) => r.action === 'delayed' || (r.action === 'failed' && !r.permanent)
    );
    if (reminderDocumentId && failed.length > 0)
      await reminderRepository(strapi).move(
        { documentId: reminderDocumentId },
        'feedback',
        (status) => statusAfterDeliveryEvent(status, 'bounced'),
        at,
        {
          data: { statusReason: reasonOf(failed[0]) },
          note: `delivery status notification: ${failed.map((r) => `${r.recipient} ${reasonOf(r) ?? ''}`.trim()).join('; ')}`,
        }
      );
    for (const recipient of failed)
      await getPluginService(strapi, 'suppressions').suppress(
        [recipient.originalRecipient ?? recipient.recipient],
        { customerDocumentId: match.customerId, reminderDocumentId },
        at,
        reasonOf(recipient)
      );
    if (reminderDocumentId && delayed.length > 0)
      await reminderRepository(strapi).note(
        { documentId: reminderDocumentId },
        at,
        `delivery delayed: ${delayed.map((r) => `${r.recipient} ${reasonOf(r) ?? ''}`.trim()).join('; ')}`
      );
  };

  /** The record of a parsed message, classified and matched. */
  const recordOf = (
    message: InboundMessage,
    classification: Classification,
    match: InboundMatch | null,
    origin: InboundOrigin,
    receivedAt: Date
  ): NewInboundMessage => ({
    onceKey: inboundKey(message.messageId, message.rawSha256).key,
    origin,
    messageId: cut(message.messageId, 255),
    fromAddress: cut(message.from, 254),
    toAddresses: message.to.join(', ') || null,
    subject: message.subject,
    sentAt: message.date,
    receivedAt,
    classification: CLASS_OF[classification.kind],
    matchedBy: match && match.via !== 'unassigned' ? VIA_OF[match.via] : null,
    unassignedReason: match?.via === 'unassigned' ? match.reason : null,
    customerDocumentId: match && match.via !== 'unassigned' ? match.customerId : null,
    reminderDocumentId: match && 'reminderId' in match ? match.reminderId : null,
    text: message.text,
    html: message.html === null ? null : sanitiseInboundHtml(message.html),
    dsnRecipients: classification.kind === 'dsn' ? classification.recipients : null,
    returnDate:
      classification.kind === 'auto-reply' ? (classification.returnDate?.date ?? null) : null,
    returnPhrase:
      classification.kind === 'auto-reply'
        ? cut(classification.returnDate?.phrase ?? null, 255)
        : null,
    error: null,
    rawSha256: message.rawSha256,
    size: message.size,
  });

  return {
    /** The most raw bytes a message may have (inbound/parse.ts): the webhook refuses more. */
    maxBytes: (): number => DEFAULT_PARSE_LIMITS.maxBytes,

    /**
     * Records one raw message once and applies its effect with the record. A second
     * delivery of the same message (its key, domain/inbound-key.ts) records and does
     * nothing, and says so with the class first recorded.
     */
    async ingest(raw: Buffer, origin: InboundOrigin, now = new Date()): Promise<IngestOutcome> {
      const parsed = await parseInbound(raw);
      let entry: NewInboundMessage;
      let act: () => Promise<void> = async () => undefined;
      if (!parsed.ok) {
        // Refused by the parser: recorded under the hash of its bytes, for a person to look at.
        entry = {
          onceKey: inboundKey(null, parsed.rawSha256).key,
          origin,
          messageId: cut(parsed.messageId, 255),
          fromAddress: cut(parsed.from, 254),
          toAddresses: null,
          subject: parsed.subject,
          sentAt: null,
          receivedAt: now,
          classification: 'error',
          matchedBy: null,
          unassignedReason: null,
          customerDocumentId: null,
          reminderDocumentId: null,
          text: null,
          html: null,
          dsnRecipients: null,
          returnDate: null,
          returnPhrase: null,
          error: `${parsed.reason}: ${parsed.detail}`,
          rawSha256: parsed.rawSha256,
          size: parsed.size,
        };
      } else {
        const message = parsed.message;
        const ownDomain = getPluginService(strapi, 'mailer').messageIdDomain();
        const classification = classifyInbound(message, { ownDomain, receivedAt: now });
        // Our own message coming back is no answer: nobody's, and it does nothing.
        const match =
          classification.kind === 'own' ? null : await matchOf(message, classification, ownDomain);
        entry = recordOf(message, classification, match, origin, now);
        if (classification.kind === 'dsn' && match)
          act = () => actOnReport(classification, match, now);
      }
      const recorded = await inTransaction(strapi, async () => {
        if (!(await messages().recordOnce(entry))) return false;
        await act();
        return true;
      });
      if (recorded) return { recorded, classification: entry.classification };
      const first = await messages().findByKey(entry.onceKey);
      return { recorded, classification: first?.classification ?? entry.classification };
    },
  };
};
