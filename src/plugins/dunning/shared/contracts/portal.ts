import { z } from 'zod';

import { calendarDay, pageNumber, type Pagination, withinMaxOffset } from './common';

/**
 * The portal's HTML forms (SPEC F7.4), posted url-encoded by a browser without
 * JavaScript: every value arrives as text, an empty field as ''.
 */

const blankToNull = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? null : value;

/**
 * An invoice's documentId in a portal address, as Strapi generates them: anything else is
 * no invoice of the customer's, and is not looked up (PostgreSQL refuses a NUL in text).
 */
export const portalInvoiceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** An amount as people type it: `1200.50`, `1 200,50`. */
const typedAmount = z
  .string()
  .transform((value) => value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'))
  .pipe(z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, 'must be an amount such as 150.00'))
  .transform(Number)
  .pipe(z.number().positive('must be more than 0'));

/** POST /api/dunning/portal/:token/invoices/:invoiceDocumentId/promise */
export const portalPromiseSchema = z
  .object({
    date: calendarDay,
    amount: z.preprocess(blankToNull, typedAmount.nullable()).optional(),
  })
  .strict();

/** POST /api/dunning/portal/:token/invoices/:invoiceDocumentId/dispute; the reason is one of the settings' (checked by the service). */
export const portalDisputeSchema = z
  .object({
    reason: z.string().trim().min(1, 'pick a reason').max(120),
    // Line breaks and tabs are text; other control characters are not (PostgreSQL refuses NUL in text).
    comment: z
      .preprocess(
        blankToNull,
        z
          .string()
          .trim()
          .max(2000)
          .regex(
            /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/,
            'must not hold control characters'
          )
          .nullable()
      )
      .optional(),
  })
  .strict();

export type PortalPromiseForm = z.infer<typeof portalPromiseSchema>;

/** What a customer did about an invoice from the portal, as the statement view lists it. */
export type CustomerAction = {
  documentId: string;
  kind: 'promise' | 'dispute' | 'payment';
  source: 'portal';
  customerDocumentId: string;
  invoiceDocumentId: string;
  invoiceNumber: string;
  promisedDate?: string | null;
  amount?: number | null;
  currency?: string | null;
  reason?: string | null;
  comment?: string | null;
  createdAt: string;
};
export type PortalDisputeForm = z.infer<typeof portalDisputeSchema>;

/** GET /dunning/customers/:customerDocumentId/portal-actions: a page of what the customer did from the portal. */
export const portalActionListSchema = z
  .object({
    page: pageNumber.default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .superRefine((query, ctx) => withinMaxOffset(query, ctx));

export type PortalActionListQuery = z.infer<typeof portalActionListSchema>;

/** The answer of GET /dunning/customers/:customerDocumentId/portal-actions, latest first. */
export type PortalActionPage = { data: CustomerAction[]; meta: { pagination: Pagination } };
