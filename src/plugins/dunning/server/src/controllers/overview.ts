import type { Core } from '@strapi/strapi';

import { todayIn } from '../domain/dates';
import { getPluginConfig, getPluginService } from '../utils/plugin';

/** The figures of the plugin's home page (SPEC F5.1): overdue, to remind now, aging. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async show(ctx) {
      const { timezone } = getPluginConfig(strapi).cron;
      const today = todayIn(timezone, new Date());
      const receivables = getPluginService(strapi, 'receivables');
      const [overdue, { channels }, aging] = await Promise.all([
        receivables.overdueSummary(today),
        getPluginService(strapi, 'batches').summary(),
        receivables.aging(today),
      ]);
      ctx.body = { data: { today, overdue, toRemind: channels, aging } };
    },
  }) satisfies Core.Controller;
