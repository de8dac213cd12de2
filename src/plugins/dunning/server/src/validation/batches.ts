import { z } from 'zod';
import { mineFlag, pageNumber, withinMaxOffset } from './common';

const CHANNELS = ['email', 'letter', 'phone', 'other'] as const;

/** A batch: a channel, and optionally one customer profile and one level ('' for none). */
const batch = {
  channel: z.enum(CHANNELS),
  segment: z.string().max(120).transform((value) => value || null).optional(),
  level: z.string().max(80).transform((value) => value || null).optional(),
};

export type BatchKey = { channel: (typeof CHANNELS)[number]; segment?: string | null; level?: string | null };

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

export type BatchFilter = BatchKey & { page: number; pageSize: number; mine?: boolean };

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
              invoiceDocumentIds: z.array(z.string().min(1)).min(1, 'tick at least one invoice').max(200).nullable().default(null),
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

export type DispatchInput = { selections: Array<{ reminderDocumentId: string; invoiceDocumentIds: string[] | null }> } | { batch: BatchKey; limit: number };

export { callSchema, type CallInput } from './call';
