import type { Core } from '@strapi/strapi';
import { getPluginService } from './utils/plugin';

const WRITES = new Set(['create', 'update', 'delete']);
const REMINDER_UID = 'plugin::dunning.reminder';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Content types are loaded by now: a mapping that names a missing or mistyped field
  // stops startup here, before the database is touched.
  getPluginService(strapi, 'receivables').assertMappingIsValid();

  // Every write to the mapped invoice type keeps its dunning case in step.
  const invoiceUid = getPluginService(strapi, 'receivables').mapping().invoice.uid;
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (context.uid === invoiceUid && WRITES.has(context.action)) {
      const documentId = (result as { documentId?: string } | null)?.documentId ?? (context.params as { documentId?: string }).documentId;
      if (documentId) {
        await getPluginService(strapi, 'cases')
          .sync(documentId)
          .catch((error: Error) => strapi.log.error(`[dunning] could not sync the case of invoice ${documentId}: ${error.message}`));
      }
    }
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
