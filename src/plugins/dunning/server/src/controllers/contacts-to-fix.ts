import type { Core } from '@strapi/strapi';

import { emptyBodySchema } from '../../../shared/contracts/common';
import { releaseSchema } from '../../../shared/contracts/contacts-to-fix';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

/** "Contacts to fix" (F7.5): customers with a bounced or missing address, and the clerk's fix. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      parseOrThrow(emptyBodySchema, ctx.query);
      ctx.body = { data: await getPluginService(strapi, 'contacts-to-fix').list() };
    },

    async count(ctx) {
      parseOrThrow(emptyBodySchema, ctx.query);
      ctx.body = { data: { customers: await getPluginService(strapi, 'contacts-to-fix').count() } };
    },

    async release(ctx) {
      const { addresses } = parseOrThrow(releaseSchema, ctx.request.body ?? {});
      // The fix is written to the mapped contact and invoices, as the pop-up's "use these addresses from now on".
      if (addresses)
        getPluginService(strapi, 'access').assertMayUpdateAddresses(
          ctx.state.userAbility,
          'addresses'
        );
      ctx.body = {
        data: await getPluginService(strapi, 'contacts-to-fix').release(
          ctx.params.customerDocumentId,
          addresses,
          ctx.state.user
        ),
      };
    },
  }) satisfies Core.Controller;
