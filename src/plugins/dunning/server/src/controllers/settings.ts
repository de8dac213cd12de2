import type { Core } from '@strapi/strapi';

import { getPluginConfig, getPluginService } from '../utils/plugin';

export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    /** The settings, and (read-only, from config/plugins.ts) the engine's schedule. */
    async find(ctx) {
      ctx.body = {
        data: await getPluginService(strapi, 'settings').get(),
        meta: { cron: getPluginConfig(strapi).cron },
      };
    },

    async update(ctx) {
      ctx.body = { data: await getPluginService(strapi, 'settings').update(ctx.request.body) };
    },
  }) satisfies Core.Controller;
