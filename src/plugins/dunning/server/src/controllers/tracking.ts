import type { Core } from '@strapi/strapi';

import { deliveryEventsSchema } from '../../../shared/contracts/delivery-events';
import { TRANSPARENT_GIF } from '../domain/open-pixel';
import { invalidInput, parseOrThrow } from '../utils/errors';
import { keepPrivate } from '../utils/http';
import { getPluginService } from '../utils/plugin';
import { signatureRefusal } from '../utils/signed-requests';

const UNPARSED_BODY = Symbol.for('unparsedBody');

/** Delivery feedback (SPEC F7.5): the open-tracking pixel and the mail provider's events. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    /** Always the same image, whatever the token: a refused one only records nothing. */
    async pixel(ctx) {
      await getPluginService(strapi, 'tracking').recordOpen(ctx.params.token);
      keepPrivate(ctx);
      ctx.set('Content-Type', 'image/gif');
      ctx.body = TRANSPARENT_GIF;
    },

    /** Signed as every webhook is (utils/signed-requests.ts). */
    async deliveryEvents(ctx) {
      if (!ctx.is('application/json'))
        throw invalidInput([{ path: 'Content-Type', message: 'must be application/json' }]);
      const raw = ctx.request.body?.[UNPARSED_BODY];
      if (typeof raw !== 'string') {
        throw new Error(
          '[dunning] delivery events need the raw request body: set includeUnparsed: true on strapi::body in config/middlewares'
        );
      }
      const refused = signatureRefusal(strapi, ctx, raw);
      if (refused) return ctx.unauthorized(refused);
      const events = parseOrThrow(deliveryEventsSchema, ctx.request.body);
      ctx.body = { data: await getPluginService(strapi, 'tracking').recordDeliveryEvents(events) };
    },
  }) satisfies Core.Controller;
