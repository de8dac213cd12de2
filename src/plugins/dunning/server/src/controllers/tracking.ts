import type { Core } from '@strapi/strapi';
import { TRANSPARENT_GIF } from '../rules/open-pixel';
import { invalidInput, parseOrThrow } from '../utils/errors';
import { keepPrivate } from '../utils/http';
import { getPluginService } from '../utils/plugin';
import { deliveryEventsSchema, type DeliveryEventInput } from '../validation/delivery-events';

const UNPARSED_BODY = Symbol.for('unparsedBody');

/** Delivery feedback (SPEC F7.5): the open-tracking pixel and the mail provider's events. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Always the same image, whatever the token: a refused one only records nothing. */
  async pixel(ctx) {
    await getPluginService(strapi, 'tracking').recordOpen(ctx.params.token);
    keepPrivate(ctx);
    ctx.set('Content-Type', 'image/gif');
    ctx.body = TRANSPARENT_GIF;
  },

  /** Signed with `X-Dunning-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
  async deliveryEvents(ctx) {
    if (!ctx.is('application/json')) throw invalidInput([{ path: 'Content-Type', message: 'must be application/json' }]);
    const raw = ctx.request.body?.[UNPARSED_BODY];
    if (typeof raw !== 'string') {
      throw new Error('[dunning] delivery events need the raw request body: set includeUnparsed: true on strapi::body in config/middlewares');
    }
    if (!getPluginService(strapi, 'tracking').isSignedByProvider(raw, ctx.get('x-dunning-signature') || undefined)) {
      return ctx.unauthorized('X-Dunning-Signature: missing or not the signature of this body');
    }
    const events = parseOrThrow<DeliveryEventInput[]>(deliveryEventsSchema, ctx.request.body);
    ctx.body = { data: await getPluginService(strapi, 'tracking').recordDeliveryEvents(events) };
  },
});
