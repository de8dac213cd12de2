import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';
import { emptyBodySchema } from '../validation/common';

const forecastSchema = z.object({ days: z.coerce.number().int().min(1).max(90).default(7) }).strict();

/** The automatic engine from the admin (SPEC F7.2): run a tick now, and what it will do next. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async run(ctx) {
    parseOrThrow(emptyBodySchema, ctx.request.body ?? {});
    ctx.body = { data: await getPluginService(strapi, 'engine').tick() };
  },

  async forecast(ctx) {
    const { days } = parseOrThrow<z.infer<typeof forecastSchema>>(forecastSchema, ctx.query);
    ctx.body = { data: await getPluginService(strapi, 'forecast').forecast({ days }) };
  },
});
