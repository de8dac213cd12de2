import { createHash } from 'node:crypto';
import type { InvoiceRecord } from './records';

/**
 * What a customer may do about an invoice from the portal (issue #22): promise to pay,
 * dispute it, start paying it online. Pure rules: which invoice may be acted on, the
 * key that makes a replayed form a no-op, the events announced, the notice shown back.
 */

export const PORTAL_ACTIONS = ['promise', 'dispute', 'payment'] as const;
export type PortalAction = (typeof PORTAL_ACTIONS)[number];

/** Announced on Strapi's event hub once the action is on the record. */
export const PORTAL_EVENTS: Record<PortalAction, string> = {
  promise: 'dunning.portal.promised',
  dispute: 'dunning.portal.disputed',
  payment: 'dunning.portal.payment-started',
};

/** What the portal says back after a promise or a dispute (the `done` of its address). */
export const PORTAL_NOTICES = ['promised', 'disputed'] as const;
export type PortalNotice = (typeof PORTAL_NOTICES)[number];
export const NOTICE_OF: Record<Exclude<PortalAction, 'payment'>, PortalNotice> = { promise: 'promised', dispute: 'disputed' };

/** Why an action on an invoice is refused: it is not the link's customer's, or nothing is left to pay on it. */
export type ActionRefusal = 'not_yours' | 'settled';

export const actionRefusalOf = (invoice: InvoiceRecord | undefined, customerDocumentId: string): ActionRefusal | null => {
  if (!invoice || invoice.customer?.documentId !== customerDocumentId) return 'not_yours';
  if (invoice.status !== 'open' || invoice.amountDue <= 0) return 'settled';
  return null;
};

/** The same form posted twice (a reload, a double click, a replay) gets the same key: it is recorded once. */
export const actionKey = (action: PortalAction, invoiceDocumentId: string, details: Array<string | number | null>): string =>
  `portal:${action}:${createHash('sha256').update(JSON.stringify([invoiceDocumentId, ...details])).digest('base64url')}`;

/** A payment link the portal may send a customer to: http(s) only, never a script. */
export const safePaymentUrl = (value: string | null | undefined): string | null => {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
};
