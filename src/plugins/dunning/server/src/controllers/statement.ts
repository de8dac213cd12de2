import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { todayIn } from '../domain/dates';
import { notFound, parseOrThrow } from '../utils/errors';
import { mineFlag, pageNumber, withinMaxOffset } from '../../../shared/contracts/common';
import { getPluginConfig, getPluginService } from '../utils/plugin';

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
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    const { search, mine, page, pageSize } = parseOrThrow(pageSchema, ctx.query);
    const today = todayIn(getPluginConfig(strapi).cron.timezone, new Date());
    const { data, total } = await getPluginService(strapi, 'receivables').statementPage({ today, search, ownerId: mine ? ctx.state.user.id : null, page, pageSize });
    const last = await getPluginService(strapi, 'reminders').lastReminderDates(data.map((row) => row.documentId));
    ctx.body = {
      data: data.map((row) => ({ ...row, lastReminderAt: last.get(row.documentId) ?? null })),
      meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } },
    };
  },

  /** Which customer an invoice belongs to: the Content Manager's "Remind" button starts here. */
  async invoiceContext(ctx) {
    const [invoice] = await getPluginService(strapi, 'receivables').findInvoices([ctx.params.documentId]);
    if (!invoice?.customer) throw notFound('Invoice');
    ctx.body = { data: { invoiceDocumentId: invoice.documentId, customerDocumentId: invoice.customer.documentId } };
  },

  /** One customer's statement of account as a PDF download (issue #22). */
  async pdf(ctx) {
    const { filename, content } = await getPluginService(strapi, 'statements').pdf(ctx.params.customerDocumentId, ctx.state.user);
    ctx.set('Content-Type', 'application/pdf');
    ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
    ctx.body = content;
  },

  async findOne(ctx) {
    ctx.body = { data: await getPluginService(strapi, 'statements').detail(ctx.params.customerDocumentId) };
  },
});
