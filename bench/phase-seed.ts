import { measure } from './measure';
import { benchLedger, type Scale, ZONE } from './options';
import { seedHistory, seedLedger } from './seed';
import type { App } from './worker';

/**
 * The seed phase: settings that let the tick act whenever the bench runs (automatic
 * reminders on, a send window open every hour of every day, no closed days), the ledger
 * in bulk, the cases rebuilt by the plugin's own re-sync (`POST /dunning/cases/resync`,
 * timed: it is what a team runs after importing invoices), and the reminder history.
 */

export type SeedReport = {
  today: string;
  ledgerToday: string;
  customers: number;
  invoices: number;
  seedMs: number;
  resync: { ms: number; synced: number };
  historyMs: number;
  cases: { active: number; due: number };
  reminders: number;
};

export const seedPhase = async (
  { strapi, admin, adminId }: App,
  scale: Scale,
  now: Date
): Promise<SeedReport> => {
  await strapi
    .plugin('dunning')
    .service('settings')
    .update({
      automatic: {
        enabled: true,
        applyByDefault: true,
        sender: { mode: 'user', userId: adminId },
        minInvoiceAmount: 0,
        minCustomerAmount: 0,
        thankYou: false,
        minDaysBetweenReminders: 0,
        maxLateDays: null,
        sendWindow: {
          startHour: 0,
          endHour: 24,
          days: [1, 2, 3, 4, 5, 6, 7],
          timezone: ZONE,
          holidays: { country: null, extraClosedDates: [] },
        },
      },
      senderNotices: { defaultMode: 'none', byUser: {}, digestHour: 8 },
      company: {
        name: 'OurCo',
        address: '1 place Bellecour, 69002 Lyon',
        email: 'billing@ourco.test',
        phone: '+33 4 00 00 00 00',
      },
    });

  const { ledger, today, ledgerToday } = benchLedger(scale, now);
  const seeded = await measure(() => seedLedger(strapi, ledger));
  const resync = await measure(() => admin('POST', '/dunning/cases/resync'));
  if (resync.result.status !== 200)
    throw new Error(
      `re-sync answered ${resync.result.status}: ${JSON.stringify(resync.result.body)}`
    );
  const sender = { id: adminId, name: 'Demo Admin', email: 'root@dunning.test' };
  const history = await measure(() =>
    seedHistory(strapi, seeded.result, { count: scale.history, now, sender })
  );

  const knex = strapi.db.connection;
  // A database in service has been vacuumed and has its planner statistics: PostgreSQL's
  // autovacuum does both within a minute or so of a large import (inserts trigger it
  // since PostgreSQL 13), which also lets index-only scans skip the table; the bench
  // does not wait for it.
  if (strapi.db.dialect.client === 'postgres') await knex.raw('vacuum analyze');
  const count = async (query: any) => Number((await query.count('* as count'))[0].count);
  return {
    today,
    ledgerToday,
    customers: ledger.customers.length,
    invoices: ledger.invoices.length,
    seedMs: seeded.ms,
    resync: { ms: resync.ms, synced: resync.result.body.data.synced },
    historyMs: history.ms,
    cases: {
      active: await count(knex('dunning_cases').where('state', 'active')),
      due: await count(
        knex('dunning_cases').where('state', 'active').where('next_action_at', '<=', now)
      ),
    },
    reminders: await count(knex('dunning_reminders')),
  };
};
