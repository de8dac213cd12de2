import type { Core } from '@strapi/strapi';

import { inboundBodySchema, type InboundResponse } from '../../../shared/contracts/inbound';
import { invalidInput, parseOrThrow } from '../utils/errors';
import { readRawBody } from '../utils/http';
import { getPluginService } from '../utils/plugin';
import { signatureRefusal, unsignedRefusal } from '../utils/signed-requests';

/** Inbound mail posted by a relay (SPEC F8.2): the raw message, signed as every webhook is. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async receive(ctx) {
      const unsigned = unsignedRefusal(ctx);
      if (unsigned) return ctx.unauthorized(unsigned);
      if (!ctx.is('message/rfc822'))
        throw invalidInput([{ path: 'Content-Type', message: 'must be message/rfc822' }]);
      const inbound = getPluginService(strapi, 'inbound');
      const raw = await readRawBody(ctx, inbound.maxBytes());
      if (raw === null)
        return ctx.payloadTooLarge(`the message is over ${inbound.maxBytes()} bytes`);
      const refused = signatureRefusal(strapi, ctx, raw);
      if (refused) return ctx.unauthorized(refused);
      const message = Buffer.from(parseOrThrow(inboundBodySchema, raw));
      const body: InboundResponse = { data: await inbound.ingest(message, 'webhook') };
      ctx.body = body;
    },
  }) satisfies Core.Controller;
