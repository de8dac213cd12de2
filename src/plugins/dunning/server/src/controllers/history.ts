import type { Core } from '@strapi/strapi';

import { reminderQuerySchema } from '../../../shared/contracts/history';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

/** The Content API's reminder history (SPEC F7.1), in Strapi's `{ data, meta }` shape. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      const query = parseOrThrow(reminderQuerySchema, ctx.query);
      const { results, pagination } = await getPluginService(strapi, 'history').search(query);
      ctx.body = { data: results, meta: { pagination } };
    },

    async findOne(ctx) {
      ctx.body = {
        data: await getPluginService(strapi, 'history').findOne(ctx.params.documentId),
        meta: {},
      };
    },
  }) satisfies Core.Controller;
