import { createHash } from 'node:crypto';

import type { InvoiceRecord } from './records';

/**
 * What a customer may do about an invoice from the portal (SPEC F7.4): promise to pay,
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
export const NOTICE_OF: Record<Exclude<PortalAction, 'payment'>, PortalNotice> = {
  promise: 'promised',
  dispute: 'disputed',
};

/** Why an action on an invoice is refused: it is not the link's customer's, or nothing is left to pay on it. */
export type ActionRefusal = 'not_yours' | 'settled';

export const actionRefusalOf = (
  invoice: InvoiceRecord | undefined,
  customerDocumentId: string
): ActionRefusal | null => {
  if (!invoice || invoice.customer?.documentId !== customerDocumentId) return 'not_yours';
  if (invoice.status !== 'open' || invoice.amountDue <= 0) return 'settled';
  return null;
};

/** The same form posted twice (a reload, a double click, a replay) gets the same key: it is recorded once. */
export const actionKey = (
  action: PortalAction,
  invoiceDocumentId: string,
  details: Array<string | number | null>
): string =>
  `portal:${action}:${createHash('sha256')
    .update(JSON.stringify([invoiceDocumentId, ...details]))
    .digest('base64url')}`;

/**
 * Which payment links the portal sends a customer to (the plugin config's
 * `portal.paymentLinks`): `https:` only unless `allowHttp`, and when `allowedHosts` is
 * not empty, only to one of them — `pay.example.com` that host exactly, `*.example.com`
 * any host under it (not the domain itself), as a CSP source list reads.
 */
export type PaymentLinkPolicy = { allowHttp: boolean; allowedHosts: string[] };

const hostAllowed = (hostname: string, entry: string) =>
  entry.startsWith('*.') ? hostname.endsWith(entry.slice(1)) : hostname === entry;

/**
 * The address Pay now redirects to, or null when the invoice's payment link is not one
 * the policy allows: never a script or any other scheme, never a link carrying a user
 * name or password (`https://bank.example@evil.example/` reads as the bank's).
 */
export const safePaymentUrl = (
  value: string | null | undefined,
  { allowHttp, allowedHosts }: PaymentLinkPolicy
): string | null => {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) return null;
  if (url.username || url.password) return null;
  if (
    allowedHosts.length > 0 &&
    !allowedHosts.some((entry) => hostAllowed(url.hostname, entry.toLowerCase()))
  )
    return null;
  return url.toString();
};
