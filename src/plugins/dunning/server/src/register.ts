import type { Core } from '@strapi/strapi';
import { getPluginService } from './utils/plugin';

const INVOICE_WRITES = new Set(['create', 'update', 'delete']);

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Content types are loaded by now: a mapping that names a missing or mistyped field
  // stops startup here, before the database is touched.
  getPluginService(strapi, 'receivables').assertMappingIsValid();

  // Every write to the mapped invoice type keeps its dunning case in step.
  const invoiceUid = getPluginService(strapi, 'receivables').mapping().invoice.uid;
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (context.uid === invoiceUid && INVOICE_WRITES.has(context.action)) {
      const documentId = (result as { documentId?: string } | null)?.documentId ?? (context.params as { documentId?: string }).documentId;
      if (documentId) {
        await getPluginService(strapi, 'cases')
          .sync(documentId)
          .catch((error: Error) => strapi.log.error(`[dunning] could not sync the case of invoice ${documentId}: ${error.message}`));
      }
    }
    return result;
  });
};

export default register;
