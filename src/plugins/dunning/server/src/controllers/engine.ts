import type { Core } from '@strapi/strapi';

import { emptyBodySchema } from '../../../shared/contracts/common';
import { forecastSchema } from '../../../shared/contracts/engine';
import { parseOrThrow } from '../utils/errors';
import { getPluginConfig, getPluginService } from '../utils/plugin';

/** The automatic engine from the admin (SPEC F7.2): run a tick now, and what it will do next. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    /**
     * A tick, waited for `engine.runWaitSeconds` at most: a longer one goes on (claimed and
     * leased like a scheduled one) and the request answers 202 without holding on to it.
     */
    async run(ctx) {
      parseOrThrow(emptyBodySchema, ctx.request.body ?? {});
      const tick = getPluginService(strapi, 'engine').tick();
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<null>(
        (resolve) =>
          (timer = setTimeout(resolve, getPluginConfig(strapi).engine.runWaitSeconds * 1000, null))
      );
      const report = await Promise.race([tick, waited]).finally(() => clearTimeout(timer));
      if (report) {
        ctx.body = { data: report };
        return;
      }
      tick.catch((error: Error) =>
        strapi.log.error(`[dunning] the engine run from the admin failed: ${error.message}`)
      );
      ctx.status = 202;
      ctx.body = { data: null, meta: { running: true } };
    },

    async forecast(ctx) {
      const { days } = parseOrThrow(forecastSchema, ctx.query);
      ctx.body = { data: await getPluginService(strapi, 'forecast').forecast({ days }) };
    },
  }) satisfies Core.Controller;
