import type { Core } from '@strapi/strapi';
import { getPluginService } from './utils/plugin';

const WRITES = new Set(['create', 'update', 'delete']);
/** What changes a mapped document as the plugin reads it: its writes, and with draft & publish its publication. */
const RECEIVABLE_CHANGES = new Set([...WRITES, 'publish', 'unpublish', 'discardDraft']);
const CUSTOMER_CHANGES = new Set(['update', 'publish', 'unpublish', 'discardDraft']);
const REMINDER_UID = 'plugin::dunning.reminder';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  const receivables = getPluginService(strapi, 'receivables');
  // Content types are loaded by now: a mapping that names a missing or mistyped field
  // stops startup here, before the database is touched.
  receivables.assertMappingIsValid();
  const { invoice, customer } = receivables.mapping();

  const documentIdOf = (params: { documentId?: string }, result: unknown) =>
    (result as { documentId?: string } | null)?.documentId ?? params.documentId;

  /**
   * Syncs once the change is committed. The Content Manager publishes and unpublishes
   * inside a transaction of its own: a sync run there would read what is not committed
   * yet (PostgreSQL) or wait for the one connection the transaction holds (SQLite).
   */
  const syncing = async (what: string, documentId: string, work: () => Promise<unknown>) => {
    const run = () => work().catch((error: Error) => strapi.log.error(`[dunning] could not sync the case(s) of ${what} ${documentId}: ${error.message}`));
    if (!strapi.db.inTransaction()) return run();
    await strapi.db.transaction(async ({ onCommit }) => onCommit(() => void run()));
  };

  strapi.documents.use(async (context, next) => {
    const params = context.params as { documentId?: string; data?: Record<string, unknown> };
    if (!RECEIVABLE_CHANGES.has(context.action) || (context.uid !== invoice.uid && context.uid !== customer.uid)) return next();

    // F4.2 "apply by default": an invoice created without saying gets automatic
    // reminders when they are on and applied by default.
    const automaticField = invoice.fields.automaticReminders;
    if (context.uid === invoice.uid && context.action === 'create' && automaticField && params.data && params.data[automaticField] === undefined) {
      const { automatic } = await getPluginService(strapi, 'settings').get();
      params.data[automaticField] = automatic.enabled && automatic.applyByDefault;
    }

    const result = await next();
    const documentId = documentIdOf(params, result);
    if (!documentId) return result;
    // Every change keeps the dunning cases in step: an invoice's own, or all of a
    // customer's. The plugin reads published versions only (services/receivables.ts): an
    // unpublished invoice is no longer dunned, publishing one starts it.
    if (context.uid === invoice.uid) await syncing('invoice', documentId, () => getPluginService(strapi, 'cases').sync(documentId));
    else if (CUSTOMER_CHANGES.has(context.action)) await syncing('customer', documentId, () => getPluginService(strapi, 'cases').syncCustomer(documentId));
    return result;
  });

  // Every reminder written through Strapi keeps its invoice links (services/history.ts).
  strapi.documents.use(async (context, next) => {
    if (context.uid !== REMINDER_UID || !WRITES.has(context.action)) return next();
    const history = getPluginService(strapi, 'history');
    const result = await next();
    const written = result as { id?: number; invoices?: Array<{ documentId?: string }>; entries?: Array<{ id: number }> } | null;
    const data = (context.params as { data?: { invoices?: unknown } }).data;
    if (context.action === 'delete') await history.unlinkInvoices((written?.entries ?? []).map((entry) => entry.id));
    else if (written?.id && (context.action === 'create' || data?.invoices !== undefined)) {
      await history.linkInvoices(written.id, written.invoices);
    }
    return result;
  });
};

export default register;
