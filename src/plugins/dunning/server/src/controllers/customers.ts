import type { Core } from '@strapi/strapi';

import { emptyBodySchema } from '../../../shared/contracts/common';
import { ownerSchema, pauseSchema } from '../../../shared/contracts/customers';
import { portalActionListSchema } from '../../../shared/contracts/portal';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

/** A customer's pause and account owner (README.md, "Pausing a customer", "Account owners"): set from its statement view, or by other apps through the admin API. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async pause(ctx) {
      const input = parseOrThrow(pauseSchema, ctx.request.body);
      ctx.body = {
        data: await getPluginService(strapi, 'customer-settings').setPause(
          ctx.params.customerDocumentId,
          input
        ),
      };
    },

    async resume(ctx) {
      parseOrThrow(emptyBodySchema, ctx.request.body ?? {});
      ctx.body = {
        data: await getPluginService(strapi, 'customer-settings').setPause(
          ctx.params.customerDocumentId,
          null
        ),
      };
    },

    async setOwner(ctx) {
      const { ownerId } = parseOrThrow(ownerSchema, ctx.request.body);
      ctx.body = {
        data: await getPluginService(strapi, 'customer-settings').setOwner(
          ctx.params.customerDocumentId,
          ownerId
        ),
      };
    },

    /** What the customer did from the portal (F7.4), a page at a time, latest first. */
    async portalActions(ctx) {
      const query = parseOrThrow(portalActionListSchema, ctx.query);
      ctx.body = await getPluginService(strapi, 'portal-actions').ofCustomer(
        ctx.params.customerDocumentId,
        query
      );
    },
  }) satisfies Core.Controller;
