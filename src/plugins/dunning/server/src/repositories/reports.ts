import type { Core } from '@strapi/strapi';

import { REMINDER_TABLE } from '../content-types/uids';
import type { Period } from '../domain/periods';
import type { ReceivablesMapping } from '../domain/receivables-mapping';
import { money } from '../domain/records';
import type { ReminderStatus } from '../domain/reminder-lifecycle';
import { invoiceLinkRepository } from './invoice-links';
import { receivablesRepository } from './receivables';
import { epochMs } from './sql/db';

/** The figures of a grouped query as the databases return them: counts and sums as numbers or text. */
type Figure = number | string | null;

/**
 * The reminder figures of the reports (SPEC F6.3), aggregated in SQL on SQLite and
 * PostgreSQL alike: what was reminded per period, step level and channel, and how many
 * reminded invoices were paid within N days of a reminder (the mapped invoices' payments
 * joined from the receivables repository).
 */

const DAY_MS = 86_400_000;

export type RemindedRow = {
  period: string;
  channel: string;
  level: string | null;
  currency: string;
  reminders: number;
  amount: number;
};

export type PaidWithin = {
  invoices: number;
  within: Array<{ days: number; invoices: number; share: number }>;
};

export const reportRepository = (strapi: Core.Strapi, mapping: () => ReceivablesMapping) => {
  const knex = () => strapi.db.connection;

  /** The reminders with one of `statuses` sent within the periods, as `r`. */
  const done = (statuses: readonly ReminderStatus[], periods: Period[]) =>
    knex()(`${REMINDER_TABLE} as r`)
      .whereIn('r.status', statuses)
      .where('r.sent_at', '>=', periods[0].start)
      .where('r.sent_at', '<', periods[periods.length - 1].end);

  /** A reminder's period, by its send date: the keys come from our own boundaries, the same on both databases. */
  const periodOf = (periods: Period[]) =>
    knex().raw(
      `case ${periods.map((p) => `when r.sent_at < ? then '${p.key}'`).join(' ')} end as period`,
      periods.map((p) => p.end)
    );

  return {
    /** The reminders with one of `statuses`, by the period of their send date, channel, level and currency. */
    async reminded(statuses: readonly ReminderStatus[], periods: Period[]): Promise<RemindedRow[]> {
      const rows = await done(statuses, periods)
        .select(
          periodOf(periods),
          'r.channel as channel',
          'r.level as level',
          'r.currency as currency'
        )
        .count('* as reminders')
        .sum<
          Array<Omit<RemindedRow, 'reminders' | 'amount'> & Record<'reminders' | 'amount', Figure>>
        >('r.amount as amount')
        .groupBy('period', 'r.channel', 'r.level', 'r.currency')
        .orderBy([
          { column: 'period' },
          { column: 'channel' },
          { column: 'level' },
          { column: 'currency' },
        ]);
      return rows.map((row) => ({
        period: row.period,
        channel: row.channel,
        level: row.level ?? null,
        currency: row.currency,
        reminders: Number(row.reminders),
        amount: money(row.amount),
      }));
    },

    /** By period key: the e-mail reminders with one of `statuses` sent in it, and how many of them bounced (SPEC F7.5). */
    async emailsBounced(
      statuses: readonly ReminderStatus[],
      periods: Period[]
    ): Promise<Map<string, { sent: number; bounced: number }>> {
      const rows: Array<{ period: string; sent: Figure; bounced: Figure }> = await done(
        statuses,
        periods
      )
        .where('r.channel', 'email')
        .select(periodOf(periods))
        .count('* as sent')
        .select(knex().raw("sum(case when r.status = 'bounced' then 1 else 0 end) as bounced"))
        .groupBy('period');
      return new Map(
        rows.map((row) => [
          row.period,
          { sent: Number(row.sent), bounced: Number(row.bounced ?? 0) },
        ])
      );
    },

    /**
     * Per reminded invoice of the periods, whether a payment came within each of `days`
     * after one of its reminders: an invoice counts once, however many reminders it had.
     * Null when the mapped invoice has no payment date.
     */
    async paidWithin(
      statuses: readonly ReminderStatus[],
      periods: Period[],
      days: readonly number[]
    ): Promise<PaidWithin | null> {
      const payments = receivablesRepository(strapi, mapping).paymentsQuery();
      if (!payments) return null;
      const links = invoiceLinkRepository(strapi).describe();
      const paid = epochMs(strapi, 'p.paid_at');
      const sent = epochMs(strapi, 'r.sent_at');
      const perInvoice = done(statuses, periods)
        .join(`${links.table} as l`, `l.${links.reminder}`, 'r.id')
        .leftJoin(payments.as('p'), 'p.document_id', `l.${links.invoice}`)
        .groupBy(`l.${links.invoice}`)
        .select(`l.${links.invoice}`)
        .select(
          days.map((within) =>
            knex().raw(
              `max(case when ${paid} >= ${sent} and ${paid} < ${sent} + ${within * DAY_MS} then 1 else 0 end) as within_${within}`
            )
          )
        );
      const [totals] = await knex()
        .from(perInvoice.as('x'))
        .count('* as invoices')
        .select(days.map((within) => knex().raw(`sum(within_${within}) as within_${within}`)));
      const invoices = Number(totals.invoices);
      return {
        invoices,
        within: days.map((within) => {
          const paidCount = Number(totals[`within_${within}`] ?? 0);
          return {
            days: within,
            invoices: paidCount,
            share: invoices ? Math.round((paidCount / invoices) * 10000) / 10000 : 0,
          };
        }),
      };
    },
  };
};
