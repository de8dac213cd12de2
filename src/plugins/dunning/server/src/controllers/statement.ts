import type { Core } from '@strapi/strapi';
import { z } from 'zod';

import { mineFlag, pageNumber, withinMaxOffset } from '../../../shared/contracts/common';
import { statementSendSchema } from '../../../shared/contracts/statement';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

const pageSchema = z
  .object({
    search: z.string().max(100).optional(),
    mine: mineFlag.optional(),
    page: pageNumber.default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .superRefine((query, ctx) => withinMaxOffset(query, ctx));

/** The account statement (SPEC F3.1): customers with open invoices, and one customer's detail. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      const { search, mine, page, pageSize } = parseOrThrow(pageSchema, ctx.query);
      const { data, pagination } = await getPluginService(strapi, 'statements').page({
        search,
        ownerId: mine ? ctx.state.user.id : null,
        page,
        pageSize,
      });
      ctx.body = { data, meta: { pagination } };
    },

    /** Which customer an invoice belongs to: the Content Manager's "Remind" button starts here. */
    async invoiceContext(ctx) {
      ctx.body = {
        data: await getPluginService(strapi, 'statements').invoiceContext(ctx.params.documentId),
      };
    },

    /** One customer's statement of account as a PDF download (F3.1). */
    async pdf(ctx) {
      const { filename, content } = await getPluginService(strapi, 'statements').pdf(
        ctx.params.customerDocumentId,
        ctx.state.user
      );
      ctx.set('Content-Type', 'application/pdf');
      ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
      ctx.body = content;
    },

    /** Monthly statements: each ticked customer's statement of account by e-mail, once a month. */
    async send(ctx) {
      const { customerDocumentIds } = parseOrThrow(statementSendSchema, ctx.request.body);
      ctx.body = {
        data: await getPluginService(strapi, 'bulk-statements').send(
          customerDocumentIds,
          ctx.state.user
        ),
      };
    },

    async findOne(ctx) {
      ctx.body = {
        data: await getPluginService(strapi, 'statements').detail(ctx.params.customerDocumentId),
      };
    },
  }) satisfies Core.Controller;
