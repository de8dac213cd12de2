import type { Core } from '@strapi/strapi';

import { portalInvoiceIdSchema } from '../../../shared/contracts/portal';
import { PORTAL_NOTICES, type PortalNotice, safePaymentUrl } from '../domain/portal-actions';
import { latestPromiseDay } from '../domain/portal-limits';
import { PORTAL_PAGE_SIZE, portalPageOf } from '../domain/portal-paging';
import type { CustomerRecord } from '../domain/records';
import { PORTAL_PATH } from '../domain/signed-links';
import { signToken, verifyToken } from '../domain/signed-tokens';
import {
  type PortalRefusal,
  renderPortalPage,
  renderPortalProblem,
  renderPortalRefusal,
} from '../portal/page';
import { languageOf } from '../texts';
import { getPluginConfig, getPluginService, publicUrl } from '../utils/plugin';
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
export type PortalPage = {
  status: 200 | 400 | 403 | 404 | 409 | 429;
  html: string;
  retryAfterSeconds?: number;
};

/** What the page was asked to say back (`?done=…&invoice=…` after an action), and which page of the list (`?page=`). */
export type PortalPageQuery = { done?: unknown; invoice?: unknown; page?: unknown };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const signing = () => ({
    secret: getPluginConfig(strapi).portal.secret,
    purpose: 'portal' as const,
  });
  const receivables = () => getPluginService(strapi, 'receivables');

  const pathOf = (token: string) => `${PORTAL_PATH}${token}`;
  const invoicePath = (token: string, invoiceDocumentId: string, what: string) =>
    `${pathOf(token)}/invoices/${encodeURIComponent(invoiceDocumentId)}/${what}`;

  const noticeOf = (
    query: PortalPageQuery
  ): { done: PortalNotice; invoiceDocumentId: string } | null =>
    PORTAL_NOTICES.includes(query.done as PortalNotice) && typeof query.invoice === 'string'
      ? { done: query.done as PortalNotice, invoiceDocumentId: query.invoice }
      : null;

  return {
    /** A customer's portal link, valid for the configured number of days from `now`. */
    linkFor(customerDocumentId: string, now = new Date()): string {
      const expiresAt = new Date(now.getTime() + getPluginConfig(strapi).portal.linkDays * DAY_MS);
      return publicUrl(strapi, pathOf(signToken(signing(), customerDocumentId, expiresAt)));
    },

    /** The customer a link was signed for, or the page refusing it (in the browser's language). */
    async customerOfLink(
      token: string,
      acceptLanguage: string | undefined,
      now = new Date()
    ): Promise<{ customer: CustomerRecord } | { refused: PortalPage }> {
      const check = verifyToken(signing(), token, now);
      const customer = 'refused' in check ? null : await receivables().findCustomer(check.subject);
      if (customer) return { customer };
      const reason: PortalRefusal =
        'refused' in check && check.refused === 'expired' ? 'expired' : 'invalid';
      return { refused: { status: 403, html: renderPortalRefusal(reason, acceptLanguage) } };
    },

    /**
     * Where the page sends the customer next — itself, or one of an invoice's actions
     * (`promise`, `dispute`, `pay`, `pdf`) — as a path: it works at whatever address the
     * link was opened, behind a proxy or not.
     */
    hrefOf(token: string, invoiceDocumentId?: string, what?: string): string {
      return invoiceDocumentId && what
        ? invoicePath(token, invoiceDocumentId, what)
        : pathOf(token);
    },

    /**
     * The page of a link: a page of the customer's open invoices (read from the database
     * page by page: a customer may have thousands) and what may be done about each, or a
     * refusal that says why; a `?page=` that is no page number gets the page naming it.
     */
    async page(
      token: string,
      acceptLanguage: string | undefined,
      query: PortalPageQuery = {},
      now = new Date()
    ): Promise<PortalPage> {
      const who = await this.customerOfLink(token, acceptLanguage, now);
      if ('refused' in who) return who.refused;
      const { customer } = who;
      const { invoices: total } = await receivables().openLedgerOf(customer.documentId);
      const at = portalPageOf(query.page, total);
      if (!at)
        return { status: 400, html: renderPortalProblem(['page'], customer.locale, pathOf(token)) };
      const invoices = await receivables().openInvoicesOfCustomer(customer.documentId, {
        offset: at.offset,
        limit: PORTAL_PAGE_SIZE,
      });
      const { company, portal } = await getPluginService(strapi, 'settings').get();
      const language = languageOf(customer.locale);
      const disputable = receivables().canMarkDisputed();
      const today = getPluginService(strapi, 'messages').todayFor(customer, now);
      const payment = getPluginConfig(strapi).portal.paymentLinks;
      const notice = noticeOf(query);
      // The invoice acted on may be on another page than the first, where the action comes back to.
      const noticed =
        notice &&
        (await receivables().openInvoiceOfCustomer(customer.documentId, notice.invoiceDocumentId));
      const pageHref = (page: number) =>
        page >= 1 && page <= at.pageCount ? `${pathOf(token)}?page=${page}` : null;
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
          paging: {
            page: at.page,
            pageCount: at.pageCount,
            total,
            from: at.offset + 1,
            to: at.offset + invoices.length,
            previousHref: pageHref(at.page - 1),
            nextHref: pageHref(at.page + 1),
          },
          invoices: invoices.map(
            ({
              documentId,
              number,
              dueDate,
              amountDue,
              currency,
              pdf,
              promisedPaymentDate,
              disputed,
              paymentUrl,
            }) => ({
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
                payHref: safePaymentUrl(paymentUrl, payment)
                  ? this.hrefOf(token, documentId, 'pay')
                  : null,
              },
            })
          ),
        }),
      };
    },

    /**
     * The PDF of one of the link's customer's open invoices; null when the invoice is not
     * one of them (another customer's, paid, without a PDF), a refusal when the link is.
     */
    async invoicePdf(
      token: string,
      invoiceDocumentId: string,
      acceptLanguage: string | undefined,
      now = new Date()
    ): Promise<MailAttachment | PortalPage | null> {
      const who = await this.customerOfLink(token, acceptLanguage, now);
      if ('refused' in who) return who.refused;
      const invoice = portalInvoiceIdSchema.safeParse(invoiceDocumentId).success
        ? await receivables().openInvoiceOfCustomer(who.customer.documentId, invoiceDocumentId)
        : null;
      return invoice?.pdf ? getPluginService(strapi, 'files').readMedia(invoice.pdf) : null;
    },
  };
};
