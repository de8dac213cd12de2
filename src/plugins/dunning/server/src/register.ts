import type { Core } from '@strapi/strapi';

import { receivableChanges } from './middlewares/receivable-changes';
import { reminderInvoiceLinks } from './middlewares/reminder-invoice-links';
import { redactSignedLinksInLogs } from './utils/logs';
import { assertPublicUrl, getPluginService } from './utils/plugin';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  redactSignedLinksInLogs(strapi);
  assertPublicUrl(strapi);
  const receivables = getPluginService(strapi, 'receivables');
  // Content types are loaded by now: a mapping that names a missing or mistyped field
  // stops startup here, before the database is touched.
  receivables.assertMappingIsValid();
  for (const notice of receivables.unmappedFieldNotices()) strapi.log.info(notice);
  strapi.documents.use(receivableChanges(strapi, receivables.mapping()));
  strapi.documents.use(reminderInvoiceLinks(strapi));
};

export default register;
