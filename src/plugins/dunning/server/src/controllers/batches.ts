import type { Core } from '@strapi/strapi';

import {
  batchFilterSchema,
  batchSummarySchema,
  bulkPrepareSchema,
  bulkSendSchema,
  dispatchSchema,
} from '../../../shared/contracts/batches';
import { callSchema } from '../../../shared/contracts/reminders';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

/** The batch view (SPEC F5) and bulk reminders from an invoice list (F3.4). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const batches = () => getPluginService(strapi, 'batches');

  return {
    async summary(ctx) {
      const { mine } = parseOrThrow(batchSummarySchema, ctx.query);
      ctx.body = { data: await batches().summary({ ownerId: mine ? ctx.state.user.id : null }) };
    },

    async items(ctx) {
      const { data, pagination } = await batches().items(
        parseOrThrow(batchFilterSchema, ctx.query),
        ctx.state.user
      );
      ctx.body = { data, meta: { pagination } };
    },

    async send(ctx) {
      ctx.body = {
        data: await batches().sendEmails(
          parseOrThrow(dispatchSchema, ctx.request.body),
          ctx.state.user
        ),
      };
    },

    /**
     * The letters as one PDF, with what happened to each reminder, in one JSON body (a
     * header grew past proxies' limits at about a hundred letters).
     */
    async letters(ctx) {
      const { pdf, results } = await batches().produceLetters(
        parseOrThrow(dispatchSchema, ctx.request.body),
        ctx.state.user
      );
      const file = pdf && {
        filename: `letters-${new Date().toISOString().slice(0, 10)}.pdf`,
        contentType: 'application/pdf',
        base64: pdf.toString('base64'),
      };
      ctx.body = { data: { results, file } };
    },

    async logCall(ctx) {
      ctx.body = {
        data: await batches().logCall(
          ctx.params.documentId,
          parseOrThrow(callSchema, ctx.request.body),
          ctx.state.user
        ),
      };
    },

    async prepareBulk(ctx) {
      const { invoiceDocumentIds } = parseOrThrow(bulkPrepareSchema, ctx.request.body);
      ctx.body = {
        data: await getPluginService(strapi, 'bulk-reminders').prepare(invoiceDocumentIds),
      };
    },

    async sendBulk(ctx) {
      const input = parseOrThrow(bulkSendSchema, ctx.request.body);
      ctx.body = {
        data: await getPluginService(strapi, 'bulk-reminders').send(input, ctx.state.user),
      };
    },
  } satisfies Core.Controller;
};
