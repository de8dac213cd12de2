import type { Core } from '@strapi/strapi';

/**
 * Bounce counts for the reports (issue #22, point 3): per period of their send date, the
 * e-mail reminders that went out (in `statuses`) and how many of them bounced, grouped in
 * SQL on SQLite and PostgreSQL alike.
 */
export const bounceRepository = (strapi: Core.Strapi) => ({
  /** By period key (the report's `period` expression over `r.sent_at`): sent and bounced. */
  async perPeriod(period: unknown, statuses: readonly string[], from: Date, to: Date): Promise<Map<string, { sent: number; bounced: number }>> {
    const knex = strapi.db.connection;
    const rows: any[] = await knex('dunning_reminders as r')
      .where('r.channel', 'email')
      .whereIn('r.status', [...statuses])
      .where('r.sent_at', '>=', from)
      .where('r.sent_at', '<', to)
      .select(period as any)
      .count('* as sent')
      .select(knex.raw("sum(case when r.status = 'bounced' then 1 else 0 end) as bounced"))
      .groupBy('period');
    return new Map(rows.map((row) => [row.period, { sent: Number(row.sent), bounced: Number(row.bounced ?? 0) }]));
  },
});
