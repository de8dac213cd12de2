import type { Core } from '@strapi/strapi';
import { getPluginService } from '../utils/plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Re-syncs every invoice's case, e.g. after importing invoices outside the Document Service. */
  async resync(ctx) {
    ctx.body = { data: await getPluginService(strapi, 'cases').resyncAll() };
  },
});
