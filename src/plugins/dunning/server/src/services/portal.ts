import type { Core } from '@strapi/strapi';
import { PORTAL_NOTICES, safePaymentUrl, type PortalNotice } from '../domain/portal-actions';
import { latestPromiseDay } from '../domain/portal-limits';
import { renderPortalPage, renderPortalRefusal, type PortalRefusal } from '../domain/portal-page';
import type { CustomerRecord } from '../domain/records';
import { PORTAL_PATH } from '../domain/signed-links';
import { signToken, verifyToken } from '../domain/signed-tokens';
import { getPluginConfig, getPluginService, publicUrl } from '../utils/plugin';
import { portalInvoiceIdSchema } from '../../../shared/contracts/portal';
import type { MailAttachment } from './mailer';

/**
 * The customer portal (SPEC F7.4): the "Access invoices" link of every message opens a
 * public page, reached only through a signed, expiring link, that lists the customer's
 * open invoices with their PDFs and the forms to act on them (services/portal-actions).
 * The link carries the customer's documentId and an expiry under an HMAC-SHA256
 * signature (domain/signed-tokens.ts).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A page of the portal; one refusing an action over the hour's limit says when to try again. */
export type PortalPage = { status: 200 | 400 | 403 | 404 | 409 | 429; html: string; retryAfterSeconds?: number };

/** What the page was asked to say back (`?done=…&invoice=…` after an action). */
export type PortalPageQuery = { done?: unknown; invoice?: unknown };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const signing = () => ({ secret: getPluginConfig(strapi).portal.secret, purpose: 'portal' as const });
  const receivables = () => getPluginService(strapi, 'receivables');

  const pathOf = (token: string) => `${PORTAL_PATH}${token}`;
  const invoicePath = (token: string, invoiceDocumentId: string, what: string) => `${pathOf(token)}/invoices/${encodeURIComponent(invoiceDocumentId)}/${what}`;

  const noticeOf = (query: PortalPageQuery): { done: PortalNotice; invoiceDocumentId: string } | null =>
    PORTAL_NOTICES.includes(query.done as PortalNotice) && typeof query.invoice === 'string' ? { done: query.done as PortalNotice, invoiceDocumentId: query.invoice } : null;

  return {
    /** A customer's portal link, valid for the configured number of days from `now`. */
    linkFor(customerDocumentId: string, now = new Date()): string {
      const expiresAt = new Date(now.getTime() + getPluginConfig(strapi).portal.linkDays * DAY_MS);
      return publicUrl(strapi, pathOf(signToken(signing(), customerDocumentId, expiresAt)));
    },

    /** The customer a link was signed for, or the page refusing it (in the browser's language). */
    async customerOfLink(token: string, acceptLanguage: string | undefined, now = new Date()): Promise<{ customer: CustomerRecord } | { refused: PortalPage }> {
      const check = verifyToken(signing(), token, now);
      const customer = 'refused' in check ? null : await receivables().findCustomer(check.subject);
      if (customer) return { customer };
      const reason: PortalRefusal = 'refused' in check && check.refused === 'expired' ? 'expired' : 'invalid';
      return { refused: { status: 403, html: renderPortalRefusal(reason, acceptLanguage) } };
    },

    /**
     * Where the page sends the customer next — itself, or one of an invoice's actions
     * (`promise`, `dispute`, `pay`, `pdf`) — as a path: it works at whatever address the
     * link was opened, behind a proxy or not.
     */
    hrefOf(token: string, invoiceDocumentId?: string, what?: string): string {
      return invoiceDocumentId && what ? invoicePath(token, invoiceDocumentId, what) : pathOf(token);
    },

    /** The page of a link: the customer's open invoices and what may be done about each, or a refusal that says why. */
    async page(token: string, acceptLanguage: string | undefined, query: PortalPageQuery = {}, now = new Date()): Promise<PortalPage> {
      const who = await this.customerOfLink(token, acceptLanguage, now);
      if ('refused' in who) return who.refused;
      const { customer } = who;
      const invoices = await receivables().openInvoicesOfCustomer(customer.documentId);
      const { company, portal } = await getPluginService(strapi, 'settings').get();
      const language = customer.locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
      const disputable = receivables().canMarkDisputed();
      const today = getPluginService(strapi, 'messages').todayFor(customer, now);
      const notice = noticeOf(query);
      const noticed = notice && invoices.find((invoice) => invoice.documentId === notice.invoiceDocumentId);
      return {
        status: 200,
        html: renderPortalPage({
          locale: customer.locale,
          customerName: customer.name,
          companyName: company.name,
          statementHref: `${pathOf(token)}/statement.pdf`,
          notice: notice && noticed ? { done: notice.done, invoiceNumber: noticed.number } : null,
          disputeReasons: portal.disputeReasons.map((reason) => reason[language]),
          today,
          latestPromise: latestPromiseDay(today, portal.promiseHorizonDays),
          invoices: invoices.map(({ documentId, number, dueDate, amountDue, currency, pdf, promisedPaymentDate, disputed, paymentUrl }) => ({
            number,
            dueDate,
            amountDue,
            currency,
            pdfHref: pdf ? this.hrefOf(token, documentId, 'pdf') : null,
            promisedDate: promisedPaymentDate,
            disputed,
            actions: {
              promiseHref: this.hrefOf(token, documentId, 'promise'),
              disputeHref: disputable ? this.hrefOf(token, documentId, 'dispute') : null,
              payHref: safePaymentUrl(paymentUrl) ? this.hrefOf(token, documentId, 'pay') : null,
            },
          })),
        }),
      };
    },

    /**
     * The PDF of one of the link's customer's open invoices; null when the invoice is not
     * one of them (another customer's, paid, without a PDF), a refusal when the link is.
     */
    async invoicePdf(token: string, invoiceDocumentId: string, acceptLanguage: string | undefined, now = new Date()): Promise<MailAttachment | PortalPage | null> {
      const who = await this.customerOfLink(token, acceptLanguage, now);
      if ('refused' in who) return who.refused;
      const invoice = portalInvoiceIdSchema.safeParse(invoiceDocumentId).success ? await receivables().openInvoiceOfCustomer(who.customer.documentId, invoiceDocumentId) : null;
      return invoice?.pdf ? getPluginService(strapi, 'files').readMedia(invoice.pdf) : null;
    },
  };
};
