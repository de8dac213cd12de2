import type { Core } from '@strapi/strapi';

import type { InboundClass } from '../../../shared/contracts/inbound';
import { INBOUND_MESSAGE_UID } from '../content-types/uids';
import type { DsnRecipient } from '../domain/inbound-delivery-report';
import { unlessTaken } from './sql/db';
import { queryOf } from './sql/typed-strapi';

/**
 * The one reader and writer of `dunning_inbound_messages`: the mail that came back,
 * each message once under its key (domain/inbound-key.ts), which a unique index guards.
 */

export type { InboundClass };
export type InboundVia = 'thread' | 'token' | 'sender';

/** An inbound message as saved (content-types/inbound-message). */
export type InboundMessageRecord = {
  id: number;
  documentId: string;
  onceKey: string;
  origin: 'imap' | 'webhook';
  messageId: string | null;
  fromAddress: string | null;
  toAddresses: string | null;
  subject: string | null;
  sentAt: Date | string | null;
  receivedAt: Date | string;
  classification: InboundClass;
  matchedBy: InboundVia | null;
  unassignedReason: string | null;
  customerDocumentId: string | null;
  reminderDocumentId: string | null;
  text: string | null;
  html: string | null;
  dsnRecipients: DsnRecipient[] | null;
  returnDate: string | null;
  returnPhrase: string | null;
  handled: boolean;
  handledAt: Date | string | null;
  handledBy: string | null;
  error: string | null;
  rawSha256: string;
  size: number;
};

/** What ingestion writes: the record less what the database and a person's handling give it. */
export type NewInboundMessage = Omit<
  InboundMessageRecord,
  'id' | 'documentId' | 'handled' | 'handledAt' | 'handledBy'
>;

export const inboundMessageRepository = (strapi: Core.Strapi) => {
  const query = () => queryOf<InboundMessageRecord>(strapi, INBOUND_MESSAGE_UID);

  return {
    /** Records the message; null when its key is on the record already (nothing written). */
    async recordOnce(message: NewInboundMessage): Promise<InboundMessageRecord | null> {
      return unlessTaken(strapi, () => query().create({ data: { ...message, handled: false } }));
    },

    async findByKey(onceKey: string): Promise<InboundMessageRecord | null> {
      return query().findOne({ where: { onceKey } });
    },
  };
};
