import type { Core } from '@strapi/strapi';

import { deliveryEventsSchema } from '../../../shared/contracts/delivery-events';
import { TRANSPARENT_GIF } from '../domain/open-pixel';
import { SIGNATURE_TOLERANCE_SECONDS } from '../domain/signed-tokens';
import { invalidInput, parseOrThrow } from '../utils/errors';
import { keepPrivate } from '../utils/http';
import { getPluginService } from '../utils/plugin';

const UNPARSED_BODY = Symbol.for('unparsedBody');

const SIGNATURE_REFUSALS = {
  missing: 'missing, or not of the form t=<unix seconds>,v1=<hex HMAC-SHA256>',
  signature: 'not the signature of this timestamp and body',
  stale: `signed more than ${SIGNATURE_TOLERANCE_SECONDS} seconds away from now`,
};

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

    /** Signed with `X-Dunning-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
    async deliveryEvents(ctx) {
      if (!ctx.is('application/json'))
        throw invalidInput([{ path: 'Content-Type', message: 'must be application/json' }]);
      const raw = ctx.request.body?.[UNPARSED_BODY];
      if (typeof raw !== 'string') {
        throw new Error(
          '[dunning] delivery events need the raw request body: set includeUnparsed: true on strapi::body in config/middlewares'
        );
      }
      const check = getPluginService(strapi, 'tracking').checkProviderSignature(
        raw,
        ctx.get('x-dunning-signature') || undefined
      );
      if ('refused' in check)
        return ctx.unauthorized(`X-Dunning-Signature: ${SIGNATURE_REFUSALS[check.refused]}`);
      const events = parseOrThrow(deliveryEventsSchema, ctx.request.body);
      ctx.body = { data: await getPluginService(strapi, 'tracking').recordDeliveryEvents(events) };
    },
  }) satisfies Core.Controller;
