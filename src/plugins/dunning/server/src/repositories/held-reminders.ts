import type { Core } from '@strapi/strapi';

import { REMINDER_UID } from '../content-types/uids';
import type { ReminderRecord } from '../domain/records';
import { ADDRESS_REASONS } from '../domain/suppressions';
import { queryOf } from './sql/typed-strapi';

/**
 * Reads the e-mail reminders held back for want of an address (none, or every one
 * bounced) from `dunning_reminders`: what "Contacts to fix" lists and releases. Only
 * those whose recipients are resolved again when they are sent (automatic and batch
 * ones): a pop-up's reminder keeps the addresses its author typed, and is resent from
 * the activities. Reads only; their moves are the reminders repository's.
 */

export type HeldReminder = {
  documentId: string;
  customerDocumentId: string;
  customerName: string | null;
  level: string | null;
  amount: number;
  currency: string;
  statusReason: string;
  invoices: Array<{ documentId: string; number: string; excluded?: string }>;
  createdAt: string;
};

const FIELDS = [
  'documentId',
  'customerDocumentId',
  'customerName',
  'level',
  'amount',
  'currency',
  'statusReason',
  'invoices',
  'createdAt',
] as const;

export const heldReminderRepository = (strapi: Core.Strapi) => ({
  /** Held reminders, latest first, at most `limit`; of one customer when given. */
  async find(limit: number, customerDocumentId?: string): Promise<HeldReminder[]> {
    const rows = await queryOf<ReminderRecord>(strapi, REMINDER_UID).findMany<
      Pick<ReminderRecord, (typeof FIELDS)[number]> & { statusReason: string }
    >({
      where: {
        status: 'not_sent',
        channel: 'email',
        trigger: { $ne: 'manual' },
        statusReason: { $in: [...ADDRESS_REASONS] },
        ...(customerDocumentId ? { customerDocumentId } : {}),
      },
      select: [...FIELDS],
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit,
    });
    return rows.map((row) => ({
      ...row,
      amount: Number(row.amount ?? 0),
      invoices: row.invoices ?? [],
      createdAt: new Date(row.createdAt).toISOString(),
    }));
  },
});
