import type { Core } from '@strapi/strapi';
import { getPluginService } from '../utils/plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    ctx.body = { data: await getPluginService(strapi, 'settings').get() };
  },

  async update(ctx) {
    ctx.body = { data: await getPluginService(strapi, 'settings').update(ctx.request.body) };
  },
});
