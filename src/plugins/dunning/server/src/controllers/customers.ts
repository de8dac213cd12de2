import type { Core } from '@strapi/strapi';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';
import { emptyBodySchema } from '../../../shared/contracts/common';
import { ownerSchema, pauseSchema } from '../../../shared/contracts/customers';

/** A customer's pause and account owner (issue #22, point 4): set from its statement view, or by other apps through the admin API. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async pause(ctx) {
    const input = parseOrThrow(pauseSchema, ctx.request.body);
    ctx.body = { data: await getPluginService(strapi, 'customer-settings').setPause(ctx.params.customerDocumentId, input) };
  },

  async resume(ctx) {
    parseOrThrow(emptyBodySchema, ctx.request.body ?? {});
    ctx.body = { data: await getPluginService(strapi, 'customer-settings').setPause(ctx.params.customerDocumentId, null) };
  },

  async setOwner(ctx) {
    const { ownerId } = parseOrThrow(ownerSchema, ctx.request.body);
    ctx.body = { data: await getPluginService(strapi, 'customer-settings').setOwner(ctx.params.customerDocumentId, ownerId) };
  },
}) satisfies Core.Controller;
