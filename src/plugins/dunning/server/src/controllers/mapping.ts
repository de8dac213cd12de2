import type { Core } from '@strapi/strapi';

import { getPluginService } from '../utils/plugin';

/** Which content types hold invoices and customers (the admin injects its panels there). */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async show(ctx) {
      const { invoice, customer } = getPluginService(strapi, 'receivables').mapping();
      ctx.body = { data: { invoice: { uid: invoice.uid }, customer: { uid: customer.uid } } };
    },
  }) satisfies Core.Controller;
