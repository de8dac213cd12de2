import type { Core } from '@strapi/strapi';
import type { ZodError } from 'zod';

import {
  type PortalActionListQuery,
  type PortalActionPage,
  portalDisputeSchema,
  portalInvoiceIdSchema,
  portalPromiseSchema,
} from '../../../shared/contracts/portal';
import {
  actionKey,
  actionRefusalOf,
  PORTAL_EVENTS,
  type PortalAction,
  safePaymentUrl,
} from '../domain/portal-actions';
import {
  COUNTED_ACTIONS,
  FLOOD_WINDOW_MS,
  floodRetryAfterSeconds,
  promiseRefusalsOf,
} from '../domain/portal-limits';
import type { CustomerRecord, InvoiceRecord } from '../domain/records';
import { statementCacheKey } from '../domain/statement';
import { lruCache } from '../helpers';
import {
  type PortalFormProblem,
  renderPortalProblem,
  renderPortalRefusal,
  renderPortalTooMany,
} from '../portal/page';
import { customerActionRepository, type NewCustomerAction } from '../repositories/customer-actions';
import { inTransaction } from '../repositories/sql/db';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { PortalPage } from './portal';

/**
 * What a customer does from the portal (F7.4): promise to pay an invoice, dispute
 * it, pay it online, download the statement of account. Each action goes through the
 * services the admin uses (a promise is a promise as F4.6 records it, a dispute flags
 * the invoice as a call's outcome does), is recorded once under the key of its form
 * (a replay changes nothing), then announced on the event hub. Forms post and redirect
 * back to the page (post/redirect/get), so the portal works without JavaScript; the
 * signed token in the address they post to is what makes a forged post impossible.
 * Pay now is a link that redirects to the payment site: a form answered by a redirect
 * to another site is blocked by the host's `form-action 'self'` (docs/portal.md, "Pay
 * now in a browser").
 */

/**
 * The portal's statements kept in memory, per Strapi instance: 5,000 open invoices
 * make a PDF of about 400 KB in two to three seconds, which a link opened again and
 * again must not make again (docs/portal.md, "Long lists and the statement").
 */
const STATEMENT_CACHE = { maxEntries: 32, maxBytes: 32 * 1024 * 1024 };

/** The browser goes on to this address (303), or is shown this page. */
export type PortalAnswer = { redirect: string } | PortalPage;

type Target = { customer: CustomerRecord; invoice: InvoiceRecord } | { refused: PortalPage };

/** The fields of a form's bad values, each named once. */
const fieldsOf = (error: ZodError): string[] => [
  ...new Set(
    error.issues.flatMap((issue) =>
      'keys' in issue ? (issue.keys as string[]) : [String(issue.path[0] ?? '')]
    )
  ),
];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  const actions = () => customerActionRepository(strapi);
  const portal = () => service('portal');
  const statements = lruCache<{ filename: string; content: Buffer }>({
    ...STATEMENT_CACHE,
    sizeOf: (file) => file.content.length,
  });

  /** The link's customer and one of its open invoices, or the page refusing the action. */
  const targetOf = async (
    token: string,
    invoiceDocumentId: string,
    acceptLanguage: string | undefined,
    now: Date
  ): Promise<Target> => {
    const who = await portal().customerOfLink(token, acceptLanguage, now);
    if ('refused' in who) return who;
    const [invoice] = portalInvoiceIdSchema.safeParse(invoiceDocumentId).success
      ? await service('receivables').findInvoices([invoiceDocumentId])
      : [];
    const refusal = actionRefusalOf(invoice, who.customer.documentId);
    if (!refusal) return { customer: who.customer, invoice };
    return {
      refused: {
        status: refusal === 'not_yours' ? 404 : 409,
        html: renderPortalRefusal(refusal, who.customer.locale, portal().hrefOf(token)),
      },
    };
  };

  const problem = (
    problems: PortalFormProblem[],
    customer: CustomerRecord,
    token: string
  ): PortalPage => ({
    status: 400,
    html: renderPortalProblem(problems, customer.locale, portal().hrefOf(token)),
  });

  /**
   * The page refusing a new action past the settings' limit per hour for the link's
   * customer (F7.4, domain/portal-limits.ts), or null. A replay, its key on the record,
   * goes on to change nothing as before.
   */
  const flooded = async (
    action: NewCustomerAction,
    customer: CustomerRecord,
    token: string,
    now: Date
  ): Promise<PortalPage | null> => {
    if (await actions().has(action.idempotencyKey)) return null;
    const limit = (await service('settings').get()).portal.actionsPerHour;
    const recent = await actions().recordedSince(
      customer.documentId,
      COUNTED_ACTIONS,
      new Date(now.getTime() - FLOOD_WINDOW_MS),
      limit
    );
    const retryAfterSeconds = floodRetryAfterSeconds(recent, limit, now);
    if (retryAfterSeconds === null) return null;
    return {
      status: 429,
      retryAfterSeconds,
      html: renderPortalTooMany(retryAfterSeconds, customer.locale, portal().hrefOf(token)),
    };
  };

  const backTo = (
    token: string,
    done: 'promised' | 'disputed',
    invoice: InvoiceRecord
  ): PortalAnswer => ({
    redirect: `${portal().hrefOf(token)}?done=${done}&invoice=${encodeURIComponent(invoice.documentId)}`,
  });

  /**
   * Records the action under its key and does it, all or nothing, in one transaction
   * (docs/engine.md, "All or nothing"); a replay finds its key taken and does nothing.
   * True when done now.
   */
  const once = (action: NewCustomerAction, effect: () => Promise<unknown>, now: Date) =>
    inTransaction(strapi, async () => {
      if (!(await actions().recordOnce(action, now))) return false;
      await effect();
      return true;
    });

  const announce = (
    action: PortalAction,
    { customer, invoice }: { customer: CustomerRecord; invoice: InvoiceRecord },
    details: Record<string, unknown>
  ) =>
    void strapi.eventHub.emit(PORTAL_EVENTS[action], {
      source: 'portal',
      customerDocumentId: customer.documentId,
      invoiceDocumentId: invoice.documentId,
      invoiceNumber: invoice.number,
      ...details,
    });

  const base = (
    kind: PortalAction,
    { customer, invoice }: { customer: CustomerRecord; invoice: InvoiceRecord }
  ) => ({
    kind,
    customerDocumentId: customer.documentId,
    invoiceDocumentId: invoice.documentId,
    invoiceNumber: invoice.number,
    currency: invoice.currency,
  });

  return {
    /**
     * A promise to pay by a date, from the customer's today to the settings' horizon, of all
     * that is due or of an amount no larger: reminders hold until then (F4.6).
     */
    async promise(
      token: string,
      invoiceDocumentId: string,
      form: unknown,
      acceptLanguage: string | undefined,
      now = new Date()
    ): Promise<PortalAnswer> {
      const target = await targetOf(token, invoiceDocumentId, acceptLanguage, now);
      if ('refused' in target) return target.refused;
      const parsed = portalPromiseSchema.safeParse(form ?? {});
      if (!parsed.success) return problem(fieldsOf(parsed.error), target.customer, token);
      const { date, amount = null } = parsed.data;
      const { promiseHorizonDays } = (await service('settings').get()).portal;
      const today = service('messages').todayFor(target.customer, now);
      const refusals = promiseRefusalsOf(
        { date, amount },
        {
          today,
          horizonDays: promiseHorizonDays,
          amountDue: target.invoice.amountDue,
          currency: target.invoice.currency,
        }
      );
      if (refusals.length) return problem(refusals, target.customer, token);
      const action: NewCustomerAction = {
        ...base('promise', target),
        promisedDate: date,
        amount,
        idempotencyKey: actionKey('promise', invoiceDocumentId, [date, amount]),
      };
      const tooMany = await flooded(action, target.customer, token, now);
      if (tooMany) return tooMany;
      const done = await once(
        action,
        () =>
          service('promises').record(
            { invoiceDocumentIds: [invoiceDocumentId], date, amount },
            { customerName: target.customer.name, source: 'portal' },
            now
          ),
        now
      );
      if (done) announce('promise', target, { date, amount });
      return backTo(token, 'promised', target.invoice);
    },

    /** A dispute, with one of the settings' reasons and a comment: the invoice is flagged disputed and its reminders stop. */
    async dispute(
      token: string,
      invoiceDocumentId: string,
      form: unknown,
      acceptLanguage: string | undefined,
      now = new Date()
    ): Promise<PortalAnswer> {
      const target = await targetOf(token, invoiceDocumentId, acceptLanguage, now);
      if ('refused' in target) return target.refused;
      if (!service('receivables').canMarkDisputed())
        return {
          status: 404,
          html: renderPortalRefusal('not_yours', target.customer.locale, portal().hrefOf(token)),
        };
      const parsed = portalDisputeSchema.safeParse(form ?? {});
      if (!parsed.success) return problem(fieldsOf(parsed.error), target.customer, token);
      const { reason, comment = null } = parsed.data;
      const { disputeReasons } = (await service('settings').get()).portal;
      if (!disputeReasons.some(({ fr, en }) => fr === reason || en === reason))
        return problem(['reason'], target.customer, token);
      const action: NewCustomerAction = {
        ...base('dispute', target),
        reason,
        comment,
        idempotencyKey: actionKey('dispute', invoiceDocumentId, [reason, comment]),
      };
      const tooMany = await flooded(action, target.customer, token, now);
      if (tooMany) return tooMany;
      const done = await once(
        action,
        () => service('receivables').markDisputed([invoiceDocumentId]),
        now
      );
      if (done) announce('dispute', target, { reason, comment });
      return backTo(token, 'disputed', target.invoice);
    },

    /**
     * Pay now, the link's GET: to the invoice's payment page when the payment-link policy
     * allows it (plugin config `portal.paymentLinks`), the first visit recorded; else the
     * page saying online payment is not offered.
     */
    async pay(
      token: string,
      invoiceDocumentId: string,
      acceptLanguage: string | undefined,
      now = new Date()
    ): Promise<PortalAnswer> {
      const target = await targetOf(token, invoiceDocumentId, acceptLanguage, now);
      if ('refused' in target) return target.refused;
      const url = safePaymentUrl(
        target.invoice.paymentUrl,
        getPluginConfig(strapi).portal.paymentLinks
      );
      if (!url)
        return {
          status: 404,
          html: renderPortalRefusal(
            'payment_unavailable',
            target.customer.locale,
            portal().hrefOf(token)
          ),
        };
      const done = await once(
        {
          ...base('payment', target),
          amount: target.invoice.amountDue,
          idempotencyKey: actionKey('payment', invoiceDocumentId, [url]),
        },
        async () => {},
        now
      );
      if (done) announce('payment', target, { amount: target.invoice.amountDue, paymentUrl: url });
      return { redirect: url };
    },

    /**
     * The link's customer's statement of account (PDF), as the admin downloads it; made
     * once per customer and day and kept while nothing it shows changes
     * (domain/statement.ts, statementCacheKey).
     */
    async statementPdf(token: string, acceptLanguage: string | undefined, now = new Date()) {
      const who = await portal().customerOfLink(token, acceptLanguage, now);
      if ('refused' in who) return who.refused;
      const { customer } = who;
      const settings = await service('settings').get();
      const ledger = await service('receivables').openLedgerOf(customer.documentId);
      const key = statementCacheKey({
        customer,
        today: service('messages').todayFor(customer, now),
        ledger,
        settings,
      });
      // The statement names no sender; the company stands for the admin who would download it.
      return statements.get(key, () =>
        service('statements').pdf(
          customer.documentId,
          { id: 0, firstname: settings.company.name, email: settings.company.email },
          now
        )
      );
    },

    /** A page of a customer's portal actions, latest first. */
    async ofCustomer(
      customerDocumentId: string,
      { page, pageSize }: PortalActionListQuery
    ): Promise<PortalActionPage> {
      const { actions: data, total } = await actions().ofCustomer(customerDocumentId, {
        page,
        pageSize,
      });
      return {
        data,
        meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } },
      };
    },
  };
};
