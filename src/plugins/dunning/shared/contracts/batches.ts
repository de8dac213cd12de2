import { z } from 'zod';

import { CHANNELS, type ReminderChannel } from '../vocabulary';
import { type Amount, mineFlag, pageNumber, type Pagination, withinMaxOffset } from './common';
import type { ReminderInvoice, ReminderSummary } from './reminders';

/** The batch view's routes: /dunning/batches and /dunning/bulk-reminders. */

/** A batch: a channel, and optionally one customer profile and one level ('' for none). */
const batch = {
  channel: z.enum(CHANNELS),
  segment: z
    .string()
    .max(120)
    .transform((value) => value || null)
    .optional(),
  level: z
    .string()
    .max(80)
    .transform((value) => value || null)
    .optional(),
};

export type BatchKey = { channel: ReminderChannel; segment?: string | null; level?: string | null };

/** GET /dunning/batches/items */
export const batchFilterSchema = z
  .object({
    ...batch,
    mine: mineFlag.optional(),
    page: pageNumber.default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict()
  .superRefine((query, ctx) => withinMaxOffset(query, ctx));

export type BatchFilter = z.infer<typeof batchFilterSchema>;

/** GET /dunning/batches */
export const batchSummarySchema = z.object({ mine: mineFlag.optional() }).strict();

/** POST /dunning/batches/send and /dunning/batches/letters: ticked reminders, or the next ones of a batch. */
export const dispatchSchema = z.union([
  z
    .object({
      selections: z
        .array(
          z
            .object({
              reminderDocumentId: z.string().min(1),
              /** The invoices ticked; omitted: as planned. */
              invoiceDocumentIds: z
                .array(z.string().min(1))
                .min(1, 'tick at least one invoice')
                .max(200)
                .nullable()
                .default(null),
            })
            .strict()
        )
        .min(1, 'select at least one reminder')
        .max(100),
    })
    .strict(),
  z
    .object({
      batch: z.object(batch).strict(),
      limit: z.number().int().min(1).max(500).default(20),
    })
    .strict(),
]);

export type DispatchInput = z.infer<typeof dispatchSchema>;
/** What the batch view posts (defaults filled in by the server). */
export type DispatchRequest = z.input<typeof dispatchSchema>;

/** What became of one reminder sent or produced from the batch view. */
export type DispatchResult = {
  documentId: string;
  customerName: string | null;
  status: string;
  statusReason: string | null;
};

const invoiceDocumentIds = z
  .array(z.string().min(1))
  .min(1, 'select at least one invoice')
  .max(1000);

/** POST /dunning/bulk-reminders/prepare */
export const bulkPrepareSchema = z.object({ invoiceDocumentIds }).strict();

/** POST /dunning/bulk-reminders */
export const bulkSendSchema = z
  .object({
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9-]{8,64}$/, 'must be an id of 8 to 64 letters, digits or dashes'),
    invoiceDocumentIds,
    attachInvoicePdfs: z.boolean().default(false),
  })
  .strict();

export type BulkSendInput = z.infer<typeof bulkSendSchema>;

/** Planned reminders summed: one channel (GET /dunning/batches `channels`, the home's "to remind"). */
export type ChannelTotals = {
  channel: ReminderChannel;
  reminders: number;
  customers: number;
  invoices: number;
  /** Reminders whose every invoice is left out: they stay in the batch. */
  excluded: number;
  amounts: Amount[];
};

/** One batch: a channel, a customer profile and a level (null: none). */
export type BatchRow = ChannelTotals & { segment: string | null; level: string | null };

/** GET /dunning/batches */
export type BatchSummary = { batches: BatchRow[]; channels: ChannelTotals[] };

/** An invoice of a planned reminder. */
export type BatchInvoice = ReminderInvoice;

/** One planned reminder of a batch (GET /dunning/batches/items). */
export type BatchItem = ReminderSummary & {
  invoices: BatchInvoice[];
  customer: {
    name: string;
    reference: string | null;
    phone: string | null;
    stopDunning: boolean;
    pausedUntil: string | null;
    pauseReason: string | null;
    disputed: boolean;
  } | null;
  contact: { name: string; phone: string | null; emails: string | null } | null;
  /** The call script rendered on the invoices (phone and other). */
  script: string | null;
};

export type BatchItemPage = { data: BatchItem[]; meta: { pagination: Pagination } };

/** The reminders ticked in a batch and, for each, its ticked invoices. */
export type BatchSelection = { reminderDocumentId: string; invoiceDocumentIds: string[] };

/** POST /dunning/batches/send */
export type SentRound = { results: DispatchResult[]; remaining: number };

/** POST /dunning/batches/letters: the letters as one PDF (base64) and what became of each reminder. */
export type ProducedLetters = {
  results: DispatchResult[];
  file: { filename: string; contentType: string; base64: string } | null;
};

/** An invoice of a bulk reminder (POST /dunning/bulk-reminders/prepare). */
export type BulkInvoice = {
  documentId: string;
  number: string;
  customerName: string;
  dueDate: string;
  amountDue: number;
  currency: string;
};

export type BulkPrepared = {
  customers: Array<{
    customerDocumentId: string;
    name: string;
    recipients: string[];
    invoices: BulkInvoice[];
    amount: number;
    currency: string;
  }>;
  /** Invoices no address was found for (F1.3): not sent. */
  missingAddress: BulkInvoice[];
  /** Invoices not open any more (paid, cancelled, deleted…). */
  closed: Array<BulkInvoice & { reason: string }>;
};

/** POST /dunning/bulk-reminders */
export type BulkSent = { results: ReminderSummary[] };
