import type { Core } from '@strapi/strapi';

import { emptyBodySchema } from '../../../shared/contracts/common';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    /** Re-syncs every invoice's case, e.g. after importing invoices outside the Document Service. */
    async resync(ctx) {
      parseOrThrow(emptyBodySchema, ctx.request.body ?? {});
      ctx.body = { data: await getPluginService(strapi, 'cases').resyncAll() };
    },
  }) satisfies Core.Controller;
