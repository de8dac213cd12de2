import type { Core } from '@strapi/strapi';

import { addDays } from '../database/seed/ledger';
import { PORTAL_PAGE_SIZE } from '../src/plugins/dunning/server/src/domain/portal-paging';
import { insertWithLinks } from '../src/plugins/dunning/server/src/repositories/sql/bulk';
import type { Latency } from './api';
import { latencies, median, percentile } from './measure';
import type { App } from './worker';

/**
 * The portal of one customer with `invoices` open invoices (docs/portal.md): its first
 * and its last page over HTTP, beside the SQL reading the same page of rows and their
 * count; its statement PDF over HTTP when made (after a payment, each time: the kept one
 * no longer fits) and when kept, beside the SQL reading every row the statement lists.
 */

export type PortalReport = {
  invoices: number;
  pages: Array<{ name: string; plugin: Latency; sql: Latency }>;
  statement: { madeMs: number; madeRuns: number; kept: Latency; sql: Latency; bytes: number };
};

const WARM_UP = 3;

/** One customer and its open invoices, written in bulk as the bench's ledger is. */
const seedCustomer = async (strapi: Core.Strapi, invoices: number, today: string) => {
  const [customer] = await insertWithLinks(strapi, 'api::customer.customer', [
    {
      data: {
        name: 'Bench Portal Customer',
        reference: 'BENCH-PORTAL',
        locale: 'fr-FR',
        timezone: 'Europe/Paris',
        address: '1 place Bellecour\n69002 Lyon',
      },
    },
  ]);
  await insertWithLinks(
    strapi,
    'api::invoice.invoice',
    Array.from({ length: invoices }, (_, index) => {
      const dueDate = addDays(today, (index % 400) - 300);
      const number = `BP-${String(index + 1).padStart(5, '0')}`;
      return {
        data: {
          number,
          issueDate: addDays(dueDate, -30),
          dueDate,
          total: 100 + (index % 900),
          amountDue: 100 + (index % 900),
          currency: 'EUR',
          status: 'open',
          automaticReminders: true,
          paymentUrl: index % 3 === 0 ? `https://pay.example.test/${number}` : null,
        },
        links: { customer: customer.id },
      };
    })
  );
  return customer;
};

export const measurePortal = async (
  { strapi, url }: App,
  {
    invoices,
    requests,
    runs,
    today,
  }: { invoices: number; requests: number; runs: number; today: string }
): Promise<PortalReport> => {
  const customer = await seedCustomer(strapi, invoices, today);
  const link = new URL(
    strapi.plugin('dunning').service('portal').linkFor(customer.documentId) as string
  );
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return bytes;
  };
  const latency = async (count: number, call: () => Promise<unknown>): Promise<Latency> => {
    await latencies(WARM_UP, call);
    const times = await latencies(count, call);
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  };

  // The SQL answering the same question: the customer's open invoices in due-date order, a page of them and their count.
  const knex = strapi.db.connection;
  const { tableName } = strapi.db.metadata.get('api::invoice.invoice' as any) as {
    tableName: string;
  };
  const customerLink = (strapi.db.metadata.get('api::invoice.invoice' as any) as any).attributes
    .customer.joinTable;
  const open = () =>
    knex(`${tableName} as i`)
      .join(`${customerLink.name} as l`, `l.${customerLink.joinColumn.name}`, 'i.id')
      .where(`l.${customerLink.inverseJoinColumn.name}`, customer.id)
      .where('i.status', 'open')
      .where('i.amount_due', '>', 0);
  const rows = (offset: number, limit: number | null) => {
    const query = open().select('i.*').orderBy(['i.due_date', 'i.id']).offset(offset);
    return limit === null ? query : query.limit(limit);
  };
  const lastPage = Math.ceil(invoices / PORTAL_PAGE_SIZE);

  const pages: PortalReport['pages'] = [];
  for (const [name, page] of [
    ['first page', 1],
    [`page ${lastPage} (the last)`, lastPage],
  ] as const) {
    const offset = (page - 1) * PORTAL_PAGE_SIZE;
    pages.push({
      name,
      plugin: await latency(requests, () => get(`${link.pathname}?page=${page}`)),
      sql: await latency(requests, async () => [
        await open().count('* as count'),
        await rows(offset, PORTAL_PAGE_SIZE),
      ]),
    });
  }

  // Made: after a payment recorded through Strapi, the kept statement no longer fits.
  const [first] = (await rows(0, 1)) as Array<{ document_id: string; amount_due: number }>;
  const made: number[] = [];
  let bytes = 0;
  for (let run = 0; run < runs; run++) {
    await strapi.documents('api::invoice.invoice' as any).update({
      documentId: first.document_id,
      data: { amountDue: Number(first.amount_due) - run - 1 } as any,
    });
    const start = performance.now();
    bytes = (await get(`${link.pathname}/statement.pdf`)).length;
    made.push(performance.now() - start);
  }
  return {
    invoices,
    pages,
    statement: {
      madeMs: median(made),
      madeRuns: runs,
      kept: await latency(requests, () => get(`${link.pathname}/statement.pdf`)),
      sql: await latency(requests, () => rows(0, null)),
      bytes,
    },
  };
};
