import { createId } from '@paralleldrive/cuid2';
import type { Core } from '@strapi/strapi';

import {
  planCases,
  type PlanningScenario,
  type PlanningSender,
} from '../src/plugins/dunning/server/src/domain/planning';
import type {
  InvoiceRecord,
  TemplateRecord,
} from '../src/plugins/dunning/server/src/domain/records';
import { chunksOf, groupAlike } from '../src/plugins/dunning/server/src/helpers';
import { measure, type Measured, median } from './measure';

/**
 * P1, the engine's tick up to sending (`engine.plan`: lapsed sends, promises, the
 * planner lease, planning and queueing every due case), beside a hand-written
 * baseline doing the same selection and writing the same rows with plain SQL: one
 * select of the due cases with their invoices, customers and contacts, the same pure
 * planning rules (domain/planning.ts), then multi-row inserts and set-based updates in
 * one transaction. Between runs the database is put back as it was: the due cases from
 * a copy, the new reminders and their links deleted.
 */

type Knex = any;

const SNAPSHOT = 'bench_due_cases';

/** What one run wrote, to check that the plugin and the baseline write the same rows. */
type Fingerprint = Record<string, string>;

const reminderLinkTables = (strapi: Core.Strapi) =>
  Object.values((strapi.db.metadata.get('plugin::dunning.reminder' as any) as any).attributes)
    .map((attribute: any) => attribute.joinTable)
    .filter(Boolean) as Array<{ name: string; joinColumn: { name: string } }>;

/** Keeps the due cases and the last reminder id; returns how to put the database back. */
const snapshot = async (strapi: Core.Strapi, now: Date) => {
  const knex: Knex = strapi.db.connection;
  await knex.schema.dropTableIfExists(SNAPSHOT);
  await knex.raw(
    `create table ${SNAPSHOT} as select * from dunning_cases where state = ? and next_action_at <= ?`,
    ['active', now]
  );
  const [{ max }] = await knex('dunning_reminders').max('id as max');
  const lastId = Number(max ?? 0);
  const links = reminderLinkTables(strapi);

  const fingerprint = async (): Promise<Fingerprint> => {
    const rows = async (query: any) =>
      JSON.stringify((await query).map((row: any) => Object.values(row).map(String)));
    const fresh = () => knex('dunning_reminders').where('id', '>', lastId);
    const print: Fingerprint = {
      reminders: await rows(
        fresh()
          .select('status', 'channel', 'trigger')
          .count('* as n')
          .sum('invoice_count as invoices')
          .sum('amount as amount')
          .groupBy('status', 'channel', 'trigger')
          .orderBy(['status', 'channel', 'trigger'])
      ),
      keys: await rows(fresh().select(knex.raw('count(distinct idempotency_key) as n'))),
      invoiceLinks: await rows(
        knex('dunning_reminder_invoices').where('reminder_id', '>', lastId).count('* as n')
      ),
      cases: await rows(
        knex('dunning_cases')
          .whereIn('id', knex(SNAPSHOT).select('id'))
          .select('state', 'next_step_index')
          .count('* as n')
          .groupBy('state', 'next_step_index')
          .orderBy(['state', 'next_step_index'])
      ),
    };
    for (const table of links)
      print[table.name] = await rows(
        knex(table.name).where(table.joinColumn.name, '>', lastId).count('* as n')
      );
    return print;
  };

  const restore = async () => {
    await knex.transaction(async (trx: Knex) => {
      await trx('dunning_reminder_invoices').where('reminder_id', '>', lastId).del();
      for (const table of links)
        await trx(table.name).where(table.joinColumn.name, '>', lastId).del();
      await trx('dunning_reminders').where('id', '>', lastId).del();
      await trx('dunning_cases').whereIn('id', trx(SNAPSHOT).select('id')).del();
      await trx.raw(`insert into dunning_cases select * from ${SNAPSHOT}`);
    });
  };
  return { fingerprint, restore, lastId };
};

/** The round's fixed lookups, read with plain SQL. */
const lookups = async (knex: Knex, strapi: Core.Strapi, senderIds: () => number[]) => {
  const scenarios = (await knex('dunning_scenarios').select('id', 'steps', 'is_default')).map(
    (row: any) => ({
      id: Number(row.id),
      steps: typeof row.steps === 'string' ? JSON.parse(row.steps) : row.steps,
      isDefault: Boolean(row.is_default),
    })
  );
  const templates = await knex('dunning_templates').select('id', 'document_id', 'type');
  const users = await knex('admin_users as u')
    .leftJoin('admin_users_roles_lnk as l', 'l.user_id', 'u.id')
    .leftJoin('admin_roles as r', 'r.id', 'l.role_id')
    .whereIn('u.id', senderIds())
    .where('u.is_active', true)
    .select('u.id', 'u.firstname', 'u.lastname', 'u.email', 'r.code');
  const senders = new Map<number, PlanningSender>();
  for (const user of users) {
    const known = senders.get(Number(user.id));
    const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email;
    // The bench sends in the name of a super admin, who holds every action.
    senders.set(Number(user.id), {
      id: Number(user.id),
      name,
      email: user.email,
      maySend: Boolean(known?.maySend) || user.code === 'strapi-super-admin',
    });
  }
  return {
    scenarios: new Map<number, PlanningScenario>(
      scenarios.map((scenario: any) => [scenario.id, scenario])
    ),
    defaultScenario: scenarios.find((scenario: any) => scenario.isDefault) ?? null,
    templates: new Map<string, { id: number; type: TemplateRecord['type'] }>(
      templates.map((row: any) => [row.document_id, { id: Number(row.id), type: row.type }])
    ),
    senders,
    timezone: strapi.config.get('plugin::dunning.cron.timezone', 'Europe/Paris') as string,
  };
};

const day = (value: unknown) =>
  value instanceof Date
    ? value.toISOString().slice(0, 10)
    : value === null || value === undefined
      ? null
      : String(value).slice(0, 10);
const json = (value: unknown) => JSON.stringify(value);

/** Attribute names of the case changes, as columns. */
const CASE_COLUMNS: Record<string, string> = {
  state: 'state',
  stateReason: 'state_reason',
  nextStepIndex: 'next_step_index',
  lastStepIndex: 'last_step_index',
  lastStepDate: 'last_step_date',
  lastReminderAt: 'last_reminder_at',
  overrideStepIndex: 'override_step_index',
  nextActionAt: 'next_action_at',
};
const caseColumns = (data: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(data).map(([key, value]) => [CASE_COLUMNS[key], value]));

/** The baseline: the same tick with hand-written SQL. */
const baselinePlan = async (strapi: Core.Strapi, now: Date, settings: any) => {
  const knex: Knex = strapi.db.connection;
  const rows: any[] = await knex('dunning_cases as c')
    .leftJoin('dunning_cases_scenario_lnk as cs', 'cs.case_id', 'c.id')
    .leftJoin('invoices as i', 'i.document_id', 'c.invoice_document_id')
    .leftJoin('invoices_customer_lnk as ic', 'ic.invoice_id', 'i.id')
    .leftJoin('customers as cu', 'cu.id', 'ic.customer_id')
    .leftJoin('invoices_contact_lnk as it', 'it.invoice_id', 'i.id')
    .leftJoin('contacts as ct', 'ct.id', 'it.contact_id')
    .leftJoin('customers_favourite_contact_lnk as cf', 'cf.customer_id', 'cu.id')
    .leftJoin('contacts as fc', 'fc.id', 'cf.contact_id')
    .leftJoin('customers_scenario_lnk as cus', 'cus.customer_id', 'cu.id')
    .leftJoin('dunning_scenarios as s', 's.id', 'cus.scenario_id')
    .where('c.state', 'active')
    .where('c.next_action_at', '<=', now)
    .select(
      'c.id as case_id',
      'c.invoice_document_id',
      'c.customer_document_id',
      'c.next_step_index',
      'cs.scenario_id',
      'i.document_id as invoice',
      'i.number',
      'i.issue_date',
      'i.due_date',
      'i.total',
      'i.amount_due',
      'i.currency',
      'i.status',
      'i.paid_at',
      'i.disputed',
      'i.promised_payment_date',
      'i.reminder_emails',
      'i.automatic_reminders',
      'i.created_by_id',
      'cu.document_id as customer',
      'cu.name as customer_name',
      'cu.reference',
      'cu.segment',
      'cu.locale',
      'cu.timezone',
      'cu.address',
      'cu.phone',
      'cu.stop_dunning',
      'cu.stop_dunning_reason',
      'cu.disputed as customer_disputed',
      's.document_id as customer_scenario',
      'ct.document_id as contact',
      'ct.name as contact_name',
      'ct.emails as contact_emails',
      'ct.reminder_emails as contact_reminder_emails',
      'ct.phone as contact_phone',
      'fc.document_id as favourite',
      'fc.name as favourite_name',
      'fc.emails as favourite_emails',
      'fc.reminder_emails as favourite_reminder_emails',
      'fc.phone as favourite_phone'
    );
  const invoices = new Map<string, InvoiceRecord>();
  for (const row of rows) {
    if (!row.invoice) continue;
    const person = (prefix: string) =>
      row[prefix]
        ? {
            documentId: row[prefix],
            name: row[`${prefix}_name`],
            emails: row[`${prefix}_emails`],
            reminderEmails: row[`${prefix}_reminder_emails`],
            phone: row[`${prefix}_phone`],
          }
        : null;
    invoices.set(row.invoice, {
      documentId: row.invoice,
      number: row.number,
      issueDate: day(row.issue_date),
      dueDate: day(row.due_date)!,
      total: row.total === null ? null : Number(row.total),
      amountDue: Number(row.amount_due),
      currency: row.currency,
      status: row.status,
      paidAt: row.paid_at,
      disputed: Boolean(row.disputed),
      promisedPaymentDate: day(row.promised_payment_date),
      reminderEmails: row.reminder_emails,
      automaticReminders:
        row.automatic_reminders === null ? true : Boolean(row.automatic_reminders),
      pdf: null,
      creatorId: row.created_by_id === null ? null : Number(row.created_by_id),
      paymentUrl: row.payment_url ?? null,
      customer: row.customer
        ? {
            documentId: row.customer,
            name: row.customer_name,
            reference: row.reference,
            segment: row.segment,
            locale: row.locale,
            timezone: row.timezone,
            address: row.address,
            phone: row.phone,
            stopDunning: Boolean(row.stop_dunning),
            stopDunningReason: row.stop_dunning_reason,
            pausedUntil: null,
            pauseReason: null,
            ownerId: null,
            disputed: Boolean(row.customer_disputed),
            scenarioDocumentId: row.customer_scenario ?? null,
            favouriteContact: person('favourite'),
          }
        : null,
      contact: person('contact'),
    });
  }
  const fixed = await lookups(knex, strapi, () =>
    settings.sender.mode === 'user'
      ? [settings.sender.userId]
      : [settings.sender.fallbackUserId, ...rows.map((row) => row.created_by_id)].filter(
          (id) => id !== null
        )
  );
  const planning = planCases({
    now,
    settings,
    ...fixed,
    cases: rows.map((row) => ({
      id: Number(row.case_id),
      invoiceDocumentId: row.invoice_document_id,
      customerDocumentId: row.customer_document_id,
      nextStepIndex: Number(row.next_step_index),
      scenarioId: row.scenario_id === null ? null : Number(row.scenario_id),
    })),
    invoices,
    lastContact: new Map(),
  });

  await knex.transaction(async (trx: Knex) => {
    // Reminders of these cases still waiting in the batch view would be superseded.
    const caseIds = planning.reminders.flatMap((reminder) => reminder.links.cases);
    for (const chunk of chunksOf(caseIds, 500)) {
      const waiting = await trx('dunning_reminders as r')
        .join('dunning_reminders_cases_lnk as l', 'l.reminder_id', 'r.id')
        .where('r.status', 'planned')
        .whereIn('l.case_id', chunk)
        .select('r.id');
      if (waiting.length)
        throw new Error(
          'the bench data has planned reminders on due cases: the baseline does not withdraw them'
        );
    }
    const advances = planning.reminders.flatMap((reminder) => reminder.advances);
    for (const group of groupAlike(advances, (advance) => advance.fromStepIndex)) {
      // "Not paused or closed", as the plugin writes it (services/engine/planner.ts): SQLite looks the ids up.
      const count = await trx('dunning_cases')
        .whereIn(
          'id',
          group.map((advance) => advance.caseId)
        )
        .whereNotIn('state', ['paused', 'closed'])
        .where('next_step_index', group[0].fromStepIndex)
        .update(caseColumns(group[0].data));
      if (count !== group.length) throw new Error('a case moved while it was planned');
    }
    for (const group of groupAlike(planning.updates))
      await trx('dunning_cases')
        .whereIn(
          'id',
          group.map((update) => update.id)
        )
        .update(caseColumns(group[0].data));

    const reminders = planning.reminders.map(({ data }) => ({
      document_id: createId(),
      type: data.type,
      channel: data.channel,
      status: data.status,
      status_reason: data.statusReason,
      trigger: data.trigger,
      customer_document_id: data.customerDocumentId,
      customer_name: data.customerName,
      customer_segment: data.customerSegment,
      invoices: json(data.invoices),
      amount: data.amount,
      invoice_count: data.invoiceCount,
      currency: data.currency,
      sender_name: data.senderName,
      sender_email: data.senderEmail,
      recipients: json(data.recipients),
      attach_invoice_pdfs: false,
      attach_statement: data.attachStatement,
      step_index: data.stepIndex,
      level: data.level,
      skipped_steps: json(data.skippedSteps),
      counts_in_scenario: data.countsInScenario,
      idempotency_key: data.idempotencyKey,
      attempts: data.attempts,
      planned_for: data.plannedFor,
      queued_at: data.queuedAt,
      timeline: json(data.timeline),
      created_at: now,
      updated_at: now,
      published_at: now,
    }));
    const ids = new Map<string, number>();
    for (const chunk of chunksOf(reminders, strapi.db.dialect.getBatchInsertSize())) {
      for (const row of await trx('dunning_reminders')
        .insert(chunk)
        .returning(['id', 'idempotency_key']))
        ids.set(row.idempotency_key, Number(row.id));
    }
    const idOf = (reminder: (typeof planning.reminders)[number]) =>
      ids.get(reminder.data.idempotencyKey)!;
    const insertAll = async (table: string, links: Array<Record<string, unknown>>) => {
      for (const chunk of chunksOf(links, strapi.db.dialect.getBatchInsertSize()))
        await trx(table).insert(chunk);
    };
    const lastOrder = new Map<number, number>();
    for (const chunk of chunksOf(caseIds, 500)) {
      for (const row of await trx('dunning_reminders_cases_lnk')
        .whereIn('case_id', chunk)
        .groupBy('case_id')
        .select('case_id')
        .max('reminder_ord as max'))
        lastOrder.set(Number(row.case_id), Number(row.max ?? 0));
    }
    await insertAll(
      'dunning_reminders_cases_lnk',
      planning.reminders.flatMap((reminder) =>
        reminder.links.cases.map((caseId, index) => {
          const order = (lastOrder.get(caseId) ?? 0) + 1;
          lastOrder.set(caseId, order);
          return {
            reminder_id: idOf(reminder),
            case_id: caseId,
            case_ord: index + 1,
            reminder_ord: order,
          };
        })
      )
    );
    const manyToOne = (
      table: string,
      column: string,
      target: (reminder: (typeof planning.reminders)[number]) => number | null
    ) =>
      insertAll(
        table,
        planning.reminders
          .filter((reminder) => target(reminder) !== null)
          .map((reminder) => ({ reminder_id: idOf(reminder), [column]: target(reminder) }))
      );
    await manyToOne('dunning_reminders_sender_lnk', 'user_id', (reminder) => reminder.links.sender);
    await manyToOne(
      'dunning_reminders_template_lnk',
      'template_id',
      (reminder) => reminder.links.template
    );
    await manyToOne(
      'dunning_reminders_scenario_lnk',
      'scenario_id',
      (reminder) => reminder.links.scenario
    );
    await insertAll(
      'dunning_reminder_invoices',
      planning.reminders.flatMap((reminder) =>
        [
          ...new Set(
            reminder.data.invoices.map((invoice: { documentId: string }) => invoice.documentId)
          ),
        ].map((invoice) => ({ invoice_document_id: invoice, reminder_id: idOf(reminder) }))
      )
    );
  });
  return { reminders: planning.reminders.length, cases: rows.length };
};

export type TickRun = { ms: number; rssBeforeMb: number; rssPeakMb: number };

export type TickReport = {
  /** The warm-up rounds of each, left out of the medians, in ms. */
  warmUp: { plugin: number[]; baseline: number[] };
  dueCases: number;
  reminders: number;
  plugin: { runs: TickRun[]; medianMs: number; peakRssMb: number; report: unknown };
  baseline: { runs: TickRun[]; medianMs: number; peakRssMb: number };
  /** The plugin and the baseline wrote the same rows (counts per status, links, cases). */
  sameRows: boolean;
  fingerprints?: { plugin: Fingerprint; baseline: Fingerprint };
};

/** The median of the runs after the warm-ups; the peak of memory over every run, the warm-ups included. */
const summary = (measured: Array<Measured<unknown>>, warmUps: number) => {
  const runs = measured.slice(warmUps);
  return {
    runs: runs.map(({ ms, rssBeforeMb, rssPeakMb }) => ({ ms, rssBeforeMb, rssPeakMb })),
    medianMs: median(runs.map((run) => run.ms)),
    peakRssMb: Math.max(...measured.map((run) => run.rssPeakMb)),
  };
};

/** P1: `runs` ticks of the plugin and of the baseline, alternately, on the same due cases, after `warmUps` rounds of each. */
export const measureTick = async (
  strapi: Core.Strapi,
  now: Date,
  { runs, warmUps }: { runs: number; warmUps: number }
): Promise<TickReport> => {
  const state = await snapshot(strapi, now);
  const settings = (await strapi.plugin('dunning').service('settings').get()).automatic;
  const plugin: Array<Measured<any>> = [];
  const baseline: Array<Measured<{ reminders: number; cases: number }>> = [];
  let prints: { plugin: Fingerprint; baseline: Fingerprint } | undefined;
  for (let run = 0; run < warmUps + runs; run++) {
    plugin.push(await measure(() => strapi.plugin('dunning').service('engine').plan(now)));
    const pluginPrint = await state.fingerprint();
    await state.restore();
    baseline.push(await measure(() => baselinePlan(strapi, now, settings)));
    const baselinePrint = await state.fingerprint();
    await state.restore();
    prints ??= { plugin: pluginPrint, baseline: baselinePrint };
  }
  const sameRows = JSON.stringify(prints!.plugin) === JSON.stringify(prints!.baseline);
  return {
    warmUp: {
      plugin: plugin.slice(0, warmUps).map((run) => run.ms),
      baseline: baseline.slice(0, warmUps).map((run) => run.ms),
    },
    dueCases: baseline[0].result.cases,
    reminders: baseline[0].result.reminders,
    plugin: { ...summary(plugin, warmUps), report: plugin[plugin.length - 1].result },
    baseline: summary(baseline, warmUps),
    sameRows,
    ...(sameRows ? {} : { fingerprints: prints }),
  };
};
