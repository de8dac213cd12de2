import type { Core } from '@strapi/strapi';

import { promiseSchema } from '../../../shared/contracts/promises';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

/** Promises to pay (SPEC F4.6), recorded from the statement or by other apps through the admin API. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async create(ctx) {
      const input = parseOrThrow(promiseSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await getPluginService(strapi, 'promises').record(input, ctx.state.user) };
    },
  }) satisfies Core.Controller;
