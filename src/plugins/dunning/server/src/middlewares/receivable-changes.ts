import type { Core } from '@strapi/strapi';

import { whenCommitted } from '../repositories/sql/db';
import { getPluginService } from '../utils/plugin';

const WRITES = ['create', 'update', 'delete'];
/** What changes a mapped document as the plugin reads it: its writes, and with draft & publish its publication. */
const RECEIVABLE_CHANGES = new Set([...WRITES, 'publish', 'unpublish', 'discardDraft']);
const CUSTOMER_CHANGES = new Set(['update', 'publish', 'unpublish', 'discardDraft']);

type Middleware = Parameters<Core.Strapi['documents']['use']>[0];

const documentIdOf = (params: { documentId?: string }, result: unknown) =>
  (result as { documentId?: string } | null)?.documentId ?? params.documentId;

/**
 * Every change of a mapped invoice or customer keeps the dunning cases in step: an
 * invoice's own, or all of a customer's. The plugin reads published versions only
 * (repositories/receivables/): an unpublished invoice is no longer dunned, publishing one
 * starts it.
 */
export const receivableChanges = (
  strapi: Core.Strapi,
  mapping: {
    invoice: { uid: string; fields: { automaticReminders?: string | null } };
    customer: { uid: string };
  }
): Middleware => {
  const { invoice, customer } = mapping;

  /**
   * Syncs once the change is committed. The Content Manager publishes and unpublishes
   * inside a transaction of its own: a sync run there would read what is not committed
   * yet (PostgreSQL) or wait for the one connection the transaction holds (SQLite).
   */
  const syncing = async (what: string, documentId: string, work: () => Promise<unknown>) => {
    await whenCommitted(strapi, () =>
      work().catch((error: Error) =>
        strapi.log.error(
          `[dunning] could not sync the case(s) of ${what} ${documentId}: ${error.message}`
        )
      )
    );
  };

  return async (context, next) => {
    const params = context.params as { documentId?: string; data?: Record<string, unknown> };
    if (
      !RECEIVABLE_CHANGES.has(context.action) ||
      (context.uid !== invoice.uid && context.uid !== customer.uid)
    )
      return next();

    // F4.2 "apply by default": an invoice created without saying gets automatic
    // reminders when they are on and applied by default.
    const automaticField = invoice.fields.automaticReminders;
    if (
      context.uid === invoice.uid &&
      context.action === 'create' &&
      automaticField &&
      params.data &&
      params.data[automaticField] === undefined
    ) {
      const { automatic } = await getPluginService(strapi, 'settings').get();
      params.data[automaticField] = automatic.enabled && automatic.applyByDefault;
    }

    const result = await next();
    const documentId = documentIdOf(params, result);
    if (!documentId) return result;
    if (context.uid === invoice.uid)
      await syncing('invoice', documentId, () =>
        getPluginService(strapi, 'cases').sync(documentId)
      );
    else if (CUSTOMER_CHANGES.has(context.action))
      await syncing('customer', documentId, () =>
        getPluginService(strapi, 'cases').syncCustomer(documentId)
      );
    return result;
  };
};
