import type { Core } from '@strapi/strapi';
import { renderPortalPage, renderPortalRefusal, type PortalRefusal } from '../domain/portal-page';
import { signToken, verifyToken } from '../domain/signed-tokens';
import { getPluginConfig, getPluginService, publicUrl } from '../utils/plugin';
import type { MailAttachment } from './mailer';

/**
 * The customer portal (SPEC F7.4): the "Access invoices" link of every message opens a
 * public page, reached only through a signed, expiring link, that lists the customer's
 * open invoices with their PDFs. The link carries the customer's documentId and an
 * expiry under an HMAC-SHA256 signature (domain/signed-tokens.ts).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export type PortalPage = { status: 200 | 403; html: string };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const signing = () => ({ secret: getPluginConfig(strapi).portal.secret, purpose: 'portal' as const });
  const receivables = () => getPluginService(strapi, 'receivables');

  /** The customer a token was signed for, or why the token is refused. */
  const customerOf = (token: string, now: Date): { customerDocumentId: string } | { refusal: PortalRefusal } => {
    const check = verifyToken(signing(), token, now);
    if ('refused' in check) return { refusal: check.refused === 'expired' ? 'expired' : 'invalid' };
    return { customerDocumentId: check.subject };
  };

  const pathOf = (token: string) => `/api/dunning/portal/${token}`;

  return {
    /** A customer's portal link, valid for the configured number of days from `now`. */
    linkFor(customerDocumentId: string, now = new Date()): string {
      const expiresAt = new Date(now.getTime() + getPluginConfig(strapi).portal.linkDays * DAY_MS);
      return publicUrl(strapi, pathOf(signToken(signing(), customerDocumentId, expiresAt)));
    },

    /** The page of a link: the customer's open invoices, or a refusal that says why. */
    async page(token: string, acceptLanguage: string | undefined, now = new Date()): Promise<PortalPage> {
      const who = customerOf(token, now);
      const customer = 'refusal' in who ? null : await receivables().findCustomer(who.customerDocumentId);
      if (!customer) return { status: 403, html: renderPortalRefusal('refusal' in who ? who.refusal : 'invalid', acceptLanguage) };
      const invoices = await receivables().openInvoicesOfCustomer(customer.documentId);
      const { company } = await getPluginService(strapi, 'settings').get();
      return {
        status: 200,
        html: renderPortalPage({
          locale: customer.locale,
          customerName: customer.name,
          companyName: company.name,
          invoices: invoices.map(({ documentId, number, dueDate, amountDue, currency, pdf }) => ({
            number,
            dueDate,
            amountDue,
            currency,
            pdfHref: pdf ? publicUrl(strapi, `${pathOf(token)}/invoices/${encodeURIComponent(documentId)}/pdf`) : null,
          })),
        }),
      };
    },

    /**
     * The PDF of one of the link's customer's open invoices; null when the invoice is not
     * one of them (another customer's, paid, without a PDF), a refusal when the link is.
     */
    async invoicePdf(token: string, invoiceDocumentId: string, acceptLanguage: string | undefined, now = new Date()): Promise<MailAttachment | PortalPage | null> {
      const who = customerOf(token, now);
      if ('refusal' in who) return { status: 403, html: renderPortalRefusal(who.refusal, acceptLanguage) };
      const invoice = await receivables().openInvoiceOfCustomer(who.customerDocumentId, invoiceDocumentId);
      return invoice?.pdf ? getPluginService(strapi, 'files').readMedia(invoice.pdf) : null;
    },
  };
};
