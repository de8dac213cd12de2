import type { Core } from '@strapi/strapi';
import { todayIn } from '../rules/dates';
import { getPluginConfig, getPluginService } from '../utils/plugin';

/** The figures of the plugin's home page. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx) {
    const { timezone } = getPluginConfig(strapi).cron;
    const today = todayIn(timezone, new Date());
    const overdue = await getPluginService(strapi, 'receivables').overdueSummary(today);
    ctx.body = { data: { today, overdue } };
  },
});
