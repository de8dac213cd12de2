import type { Core } from '@strapi/strapi';

import {
  previewSchema,
  restoreSchema,
  templateFiltersSchema,
  templateSchema,
} from '../../../shared/contracts/templates';
import { todayIn } from '../domain/dates';
import { invalidInput, parseOrThrow } from '../utils/errors';
import { getPluginConfig, getPluginService } from '../utils/plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const templates = () => getPluginService(strapi, 'templates');

  return {
    async find(ctx) {
      const filters = parseOrThrow(templateFiltersSchema, ctx.query);
      ctx.body = { data: await templates().list(filters) };
    },

    async findOne(ctx) {
      ctx.body = { data: await templates().findOne(ctx.params.documentId) };
    },

    async create(ctx) {
      const input = parseOrThrow(templateSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await templates().create(input) };
    },

    async update(ctx) {
      const input = parseOrThrow(templateSchema, ctx.request.body);
      ctx.body = { data: await templates().update(ctx.params.documentId, input) };
    },

    async delete(ctx) {
      ctx.body = { data: await templates().remove(ctx.params.documentId) };
    },

    async restore(ctx) {
      const { predefinedKey } = parseOrThrow(restoreSchema, ctx.request.body ?? {});
      ctx.body = { data: await templates().restore(predefinedKey) };
    },

    placeholders(ctx) {
      ctx.body = { data: templates().placeholders() };
    },

    /**
     * Renders unsaved source on the selection given, or on sample data; the customer's
     * signed link reaches only an admin who may send (the route's signedLinksByPermission).
     */
    async preview(ctx) {
      const input = parseOrThrow(previewSchema, ctx.request.body);
      const now = new Date();
      let context;
      if (input.customerDocumentId) {
        const customer = await getPluginService(strapi, 'receivables').findCustomer(
          input.customerDocumentId
        );
        if (!customer)
          throw invalidInput([{ path: 'customerDocumentId', message: 'customer does not exist' }]);
        const invoices = input.invoiceDocumentIds?.length
          ? await getPluginService(strapi, 'receivables').findInvoices(input.invoiceDocumentIds)
          : await getPluginService(strapi, 'receivables').openInvoicesOfCustomer(
              customer.documentId
            );
        context = await getPluginService(strapi, 'messages').contextFor({
          customer,
          invoices,
          sender: ctx.state.user,
          recipient: null,
          now,
        });
      } else {
        const locale = input.locale?.startsWith('en') ? 'en-GB' : 'fr-FR';
        context = templates().sampleContext(
          todayIn(getPluginConfig(strapi).cron.timezone, now),
          locale
        );
      }
      const source = {
        channel: input.channel,
        subject: input.subject,
        body: input.body,
        locale: input.locale ?? 'fr',
      };
      if (input.format === 'text') {
        const { subject, html, text } = templates().renderText(source, context);
        ctx.body = { data: { subject, html, text } };
      } else {
        const { subject, html, text } = templates().render(source, context);
        ctx.body = {
          data: { subject, html, text, editable: templates().editable(source, context) },
        };
      }
    },
  } satisfies Core.Controller;
};
