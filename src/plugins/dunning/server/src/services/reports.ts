import type { Core } from '@strapi/strapi';
import { toCsv } from '../rules/csv';
import { addDays, todayIn } from '../rules/dates';
import { periodOf, periodsBetween, type Granularity } from '../rules/periods';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { AgingRow } from './receivables';
import { DONE } from './reminders';

/**
 * Reports (SPEC F6.3), aggregated in SQL on SQLite and PostgreSQL alike: what was
 * reminded per period, step level and channel; how many reminded invoices were paid
 * within 7, 15 and 30 days of a reminder; and the aging of open invoices.
 */

export const PAID_WITHIN_DAYS = [7, 15, 30] as const;

const DAY_MS = 86_400_000;

export type ReportQuery = { from?: string; to?: string; granularity: Granularity };

export type Report = {
  range: { from: string; to: string; granularity: Granularity; timezone: string; today: string };
  periods: Array<{ key: string; from: string; to: string }>;
  /** Reminders that took place (sent, delivered, opened), by the period of their send date. */
  reminded: Array<{ period: string; channel: string; level: string | null; currency: string; reminders: number; amount: number }>;
  /** Invoices reminded in the range, and those paid within N days after one of those reminders; null when no paidAt is mapped. */
  paidWithin: { invoices: number; within: Array<{ days: number; invoices: number; share: number }> } | null;
  aging: AgingRow[];
};

const money = (value: unknown) => Math.round(Number(value ?? 0) * 100) / 100;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  /** A timestamp column as epoch milliseconds: SQLite keeps numbers (or text dates), PostgreSQL timestamptz or date. */
  const epochMs = (column: string) =>
    strapi.db.dialect.client === 'postgres'
      ? `(extract(epoch from ${column}) * 1000)`
      : `(case when typeof(${column}) in ('integer', 'real') then ${column} else (julianday(${column}) - 2440587.5) * ${DAY_MS} end)`;

  /**
   * Per reminded invoice, whether a payment came within N days after one of its
   * reminders of the range: an invoice counts once, however many reminders it had.
   */
  const paidWithin = async (done: () => any): Promise<Report['paidWithin']> => {
    const payments = getPluginService(strapi, 'receivables').paymentsQuery();
    if (!payments) return null;
    const links = getPluginService(strapi, 'history').invoiceLinks();
    const paid = epochMs('p.paid_at');
    const sent = epochMs('r.sent_at');
    const perInvoice = done()
      .join(`${links.table} as l`, `l.${links.reminder}`, 'r.id')
      .leftJoin(payments.as('p'), 'p.document_id', `l.${links.invoice}`)
      .groupBy(`l.${links.invoice}`)
      .select(`l.${links.invoice}`)
      .select(
        PAID_WITHIN_DAYS.map((days) =>
          knex().raw(`max(case when ${paid} >= ${sent} and ${paid} < ${sent} + ${days * DAY_MS} then 1 else 0 end) as within_${days}`)
        )
      );
    const [totals] = await knex()
      .from(perInvoice.as('x'))
      .count('* as invoices')
      .select(PAID_WITHIN_DAYS.map((days) => knex().raw(`sum(within_${days}) as within_${days}`)));
    const invoices = Number(totals.invoices);
    return {
      invoices,
      within: PAID_WITHIN_DAYS.map((days) => {
        const paidCount = Number(totals[`within_${days}`] ?? 0);
        return { days, invoices: paidCount, share: invoices ? Math.round((paidCount / invoices) * 10000) / 10000 : 0 };
      }),
    };
  };

  return {
    async build({ from, to, granularity }: ReportQuery, now = new Date()): Promise<Report> {
      const timezone = getPluginConfig(strapi).cron.timezone;
      const today = todayIn(timezone, now);
      const end = to ?? today;
      const start = from ?? periodOf(addDays(end, granularity === 'month' ? -334 : -77), granularity).from;
      const periods = periodsBetween({ from: start, to: end, granularity, timezone });
      const rangeStart = periods[0].start;
      const rangeEnd = periods[periods.length - 1].end;

      const done = () =>
        knex()('dunning_reminders as r').whereIn('r.status', DONE).where('r.sent_at', '>=', rangeStart).where('r.sent_at', '<', rangeEnd);

      // Period keys come from our own boundaries, the same on both databases.
      const period = knex().raw(
        `case ${periods.map((p) => `when r.sent_at < ? then '${p.key}'`).join(' ')} end as period`,
        periods.map((p) => p.end)
      );
      const reminded: any[] = await done()
        .select(period, 'r.channel as channel', 'r.level as level', 'r.currency as currency')
        .count('* as reminders')
        .sum('r.amount as amount')
        .groupBy('period', 'r.channel', 'r.level', 'r.currency')
        .orderBy([{ column: 'period' }, { column: 'channel' }, { column: 'level' }, { column: 'currency' }]);

      return {
        range: { from: periods[0].from, to: periods[periods.length - 1].to, granularity, timezone, today },
        periods: periods.map(({ key, from: first, to: last }) => ({ key, from: first, to: last })),
        reminded: reminded.map((row) => ({
          period: row.period,
          channel: row.channel,
          level: row.level ?? null,
          currency: row.currency,
          reminders: Number(row.reminders),
          amount: money(row.amount),
        })),
        paidWithin: await paidWithin(done),
        aging: await getPluginService(strapi, 'receivables').aging(today),
      };
    },

    /** The report as one CSV table; `section` tells reminded, paid-within and aging rows apart. */
    toCsv(report: Report): string {
      const rows: Array<Array<string | number | null>> = [['section', 'key', 'level', 'channel', 'currency', 'count', 'amount', 'share']];
      for (const row of report.reminded) rows.push(['reminded', row.period, row.level, row.channel, row.currency, row.reminders, row.amount, null]);
      if (report.paidWithin) {
        rows.push(['reminded_invoices', null, null, null, null, report.paidWithin.invoices, null, null]);
        for (const row of report.paidWithin.within) rows.push(['paid_within_days', row.days, null, null, null, row.invoices, null, row.share]);
      }
      for (const row of report.aging) rows.push(['aging', row.bucket, null, null, row.currency, row.invoices, row.amount, null]);
      return toCsv(rows);
    },
  };
};
