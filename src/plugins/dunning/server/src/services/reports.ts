import type { Core } from '@strapi/strapi';

import { AGING_BUCKETS } from '../domain/aging';
import { addDays, todayIn } from '../domain/dates';
import { dsoDays, dsoOf } from '../domain/dso';
import { type Granularity, periodOf, periodsBetween } from '../domain/periods';
import { bounceRate } from '../domain/suppressions';
import { type CsvCell, toCsv } from '../helpers';
import type { AgingRow, CustomerAgingRow } from '../repositories/receivables';
import { type PaidWithin, type RemindedRow, reportRepository } from '../repositories/reports';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import { DONE } from './reminders';

/**
 * Reports (SPEC F6.3), aggregated in SQL (repositories/reports.ts and
 * repositories/receivables/) on SQLite and PostgreSQL alike: what was reminded per
 * period, step level and channel; how many reminded invoices were paid within 7, 15 and
 * 30 days of a reminder; the aging of open invoices, in total and for the top debtors;
 * DSO per period (domain/dso); and the bounce rate of e-mails per period.
 */

export const PAID_WITHIN_DAYS = [7, 15, 30] as const;

export type ReportQuery = { from?: string; to?: string; granularity: Granularity; top: number };

export type Report = {
  range: { from: string; to: string; granularity: Granularity; timezone: string; today: string };
  periods: Array<{ key: string; from: string; to: string }>;
  /** Reminders that took place (sent, delivered, opened), by the period of their send date. */
  reminded: RemindedRow[];
  /** Invoices reminded in the range, and those paid within N days after one of those reminders; null when no paidAt is mapped. */
  paidWithin: PaidWithin | null;
  aging: AgingRow[];
  /** Per currency, the `top` customers owing the most on open invoices, per aging bucket. */
  customerAging: CustomerAgingRow[];
  /** Per period, the e-mail reminders sent and the share of them that bounced (F7.5). */
  bounces: Array<{ period: string; sent: number; bounced: number; rate: number }>;
  /** DSO per period and currency; null when no issue date, total or paidAt is mapped. */
  dso: Array<{
    period: string;
    currency: string;
    receivables: number;
    sales: number;
    days: number;
    dso: number | null;
  }> | null;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reports = reportRepository(strapi, () => getPluginConfig(strapi).receivables);

  return {
    async build({ from, to, granularity, top }: ReportQuery, now = new Date()): Promise<Report> {
      const timezone = getPluginConfig(strapi).cron.timezone;
      const today = todayIn(timezone, now);
      const end = to ?? today;
      const start =
        from ?? periodOf(addDays(end, granularity === 'month' ? -334 : -77), granularity).from;
      const periods = periodsBetween({ from: start, to: end, granularity, timezone });

      const bounces = await reports.emailsBounced([...DONE, 'bounced'], periods);
      const receivables = getPluginService(strapi, 'receivables');
      const ledger = await receivables.dsoLedger(periods);
      return {
        range: {
          from: periods[0].from,
          to: periods[periods.length - 1].to,
          granularity,
          timezone,
          today,
        },
        periods: periods.map(({ key, from: first, to: last }) => ({ key, from: first, to: last })),
        reminded: await reports.reminded(DONE, periods),
        paidWithin: await reports.paidWithin(DONE, periods, PAID_WITHIN_DAYS),
        aging: await receivables.aging(today),
        customerAging: await receivables.customerAging(today, top),
        bounces: periods.map(({ key }) => {
          const { sent, bounced } = bounces.get(key) ?? { sent: 0, bounced: 0 };
          return { period: key, sent, bounced, rate: bounceRate(sent, bounced) };
        }),
        dso:
          ledger &&
          ledger.map((row) => {
            const days = dsoDays(
              periods.find((p) => p.key === row.period)!,
              today
            );
            return { ...row, days, dso: dsoOf({ ...row, days }) };
          }),
      };
    },

    /**
     * The report as one CSV table; `section` tells reminded, paid-within, aging,
     * per-customer aging and DSO rows apart (the last columns serve the last two).
     */
    toCsv(report: Report): string {
      const rows: CsvCell[][] = [
        [
          'section',
          'key',
          'level',
          'channel',
          'currency',
          'count',
          'amount',
          'share',
          'customer',
          'sales',
          'days',
          'dso',
        ],
      ];
      const row = (
        section: string,
        cells: {
          key?: CsvCell;
          level?: CsvCell;
          channel?: CsvCell;
          currency?: CsvCell;
          count?: CsvCell;
          amount?: CsvCell;
          share?: CsvCell;
          customer?: CsvCell;
          sales?: CsvCell;
          days?: CsvCell;
          dso?: CsvCell;
        }
      ) =>
        rows.push([
          section,
          cells.key,
          cells.level,
          cells.channel,
          cells.currency,
          cells.count,
          cells.amount,
          cells.share,
          cells.customer,
          cells.sales,
          cells.days,
          cells.dso,
        ]);
      for (const r of report.reminded)
        row('reminded', {
          key: r.period,
          level: r.level,
          channel: r.channel,
          currency: r.currency,
          count: r.reminders,
          amount: r.amount,
        });
      if (report.paidWithin) {
        row('reminded_invoices', { count: report.paidWithin.invoices });
        for (const r of report.paidWithin.within)
          row('paid_within_days', { key: r.days, count: r.invoices, share: r.share });
      }
      for (const r of report.aging)
        row('aging', { key: r.bucket, currency: r.currency, count: r.invoices, amount: r.amount });
      for (const r of report.customerAging) {
        for (const { key } of AGING_BUCKETS)
          row('customer_aging', {
            key,
            currency: r.currency,
            amount: r.buckets[key],
            customer: r.name,
          });
        row('customer_aging', {
          key: 'total',
          currency: r.currency,
          count: r.invoices,
          amount: r.total,
          customer: r.name,
        });
      }
      for (const r of report.bounces) {
        row('emails_sent', { key: r.period, count: r.sent });
        row('bounced', { key: r.period, count: r.bounced, share: r.rate });
      }
      for (const r of report.dso ?? [])
        row('dso', {
          key: r.period,
          currency: r.currency,
          amount: r.receivables,
          sales: r.sales,
          days: r.days,
          dso: r.dso,
        });
      return toCsv(rows);
    },
  };
};
