import type { Core } from '@strapi/strapi';

import { REMINDER_UID } from '../content-types/uids';
import { invoiceLinkRepository } from '../repositories/invoice-links';

const WRITES = new Set(['create', 'update', 'delete']);

type Middleware = Parameters<Core.Strapi['documents']['use']>[0];

/** Every reminder written through Strapi keeps its invoice links (repositories/invoice-links.ts). */
export const reminderInvoiceLinks =
  (strapi: Core.Strapi): Middleware =>
  async (context, next) => {
    if (context.uid !== REMINDER_UID || !WRITES.has(context.action)) return next();
    const links = invoiceLinkRepository(strapi);
    const result = await next();
    const written = result as {
      id?: number;
      invoices?: Array<{ documentId?: string }>;
      entries?: Array<{ id: number }>;
    } | null;
    const data = (context.params as { data?: { invoices?: unknown } }).data;
    if (context.action === 'delete')
      await links.remove((written?.entries ?? []).map((entry) => entry.id));
    else if (written?.id && (context.action === 'create' || data?.invoices !== undefined)) {
      await links.replace(written.id, written.invoices);
    }
    return result;
  };
