import type { Core } from '@strapi/strapi';
import { decideCase, type CaseDecision } from '../rules/case-decision';
import { exclusionOf } from '../rules/exclusions';
import { addDays, todayIn, zonedInstant } from '../rules/dates';
import { byStep, chooseSender, groupActingCases, groupKey, paceActingCases, plannedStatus, type ActingCase, type CaseGroup, type SenderCheck } from '../rules/grouping';
import { nextBusinessDay } from '../rules/holidays';
import { firstPacedDay, stepLateness } from '../rules/pacing';
import { stepDate, type ScenarioStep } from '../rules/schedule';
import { calendarOf } from '../rules/send-window';
import { isUniqueViolation } from '../utils/db';
import { memoize } from '../utils/memoize';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { Settings } from '../validation/settings';
import { customerFields, senderFields, type Person } from './messages';
import type { CustomerRecord, InvoiceRecord } from './receivables';
import { coverage, type ReminderInvoice } from '../rules/reminder-invoices';
import type { ReminderStatus } from './reminders';

/**
 * The planning half of a tick (SPEC F4.3–F4.4): reads the cases due at `now`, customer
 * by customer, and turns each customer's due steps into reminders — automatic e-mails
 * queued for sending, everything else planned for the batch view, exclusions recorded
 * with their reason. One transaction per page of customers: a reminder is written
 * together with the advance of its cases, which only moves from the step it was read
 * at, under the unique idempotency key; so a step is planned once, whatever happens.
 */

const CASE_UID = 'plugin::dunning.case';

type Scenario = { id: number; documentId: string; steps: ScenarioStep[] };
type TemplateInfo = { id: number; type: string };
type CaseRow = { id: number; invoiceDocumentId: string; customerDocumentId: string; nextStepIndex: number; scenario: { id: number } | null };

export type PlanReport = {
  customers: number;
  cases: number;
  reminders: Partial<Record<ReminderStatus, number>>;
  waiting: number;
  postponed: number;
  closed: number;
  /** Pages rolled back because another writer moved one of their cases first. */
  conflicts: number;
};

class CaseMoved extends Error {}

/** The per-tick lookups every page shares. */
type Round = {
  now: Date;
  settings: Settings;
  scenarios: Map<number, Scenario>;
  defaultScenario: Scenario | null;
  templates: Map<string, TemplateInfo>;
  sender: (id: number) => Promise<Person | null>;
  maySend: (id: number) => Promise<boolean>;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) => getPluginService(strapi, name);
  const cases = () => strapi.db.query(CASE_UID as any);

  const startRound = async (now: Date): Promise<Round> => {
    const scenarioList = (await strapi.db.query('plugin::dunning.scenario' as any).findMany({ select: ['id', 'documentId', 'steps', 'isDefault'] })) as Array<Scenario & { isDefault: boolean }>;
    const templateList = await strapi.db.query('plugin::dunning.template' as any).findMany({ select: ['id', 'documentId', 'type'] });
    return {
      now,
      settings: await service('settings').get(),
      scenarios: new Map(scenarioList.map((scenario) => [scenario.id, scenario])),
      defaultScenario: scenarioList.find((scenario) => scenario.isDefault) ?? null,
      templates: new Map(templateList.map((template: any) => [template.documentId, { id: template.id, type: template.type }])),
      sender: memoize((id: number) => service('senders').findActive(id)),
      maySend: memoize((id: number) => service('senders').maySend(id)),
    };
  };

  const senderCheck = async (round: Round, senderId: number | null): Promise<SenderCheck> => {
    if (senderId === null) return 'no_sender';
    return (await round.maySend(senderId)) ? 'ok' : 'sender_not_permitted';
  };

  /** The next customers with a due case, after `after` in documentId order (an index range scan on the next action time). */
  const dueCustomers = async (now: Date, after: string, limit: number): Promise<string[]> => {
    const rows: Array<{ customer: string }> = await strapi.db
      .connection('dunning_cases')
      .distinct('customer_document_id as customer')
      .where('state', 'active')
      .where('next_action_at', '<=', now)
      .where('customer_document_id', '>', after)
      .orderBy('customer_document_id')
      .limit(limit);
    return rows.map((row) => row.customer);
  };

  /** The reminder row for one group of a customer's cases. */
  const reminderFor = async (round: Round, customer: CustomerRecord, group: CaseGroup, invoices: Map<string, InvoiceRecord>, key: string) => {
    const { now, settings } = round;
    const scenario = round.scenarios.get(group.scenarioId)!;
    const step = scenario.steps[group.stepIndex];
    const template = round.templates.get(step.templateDocumentId);
    const included = group.included.map((member) => invoices.get(member.invoice.documentId)!);
    const everyone = group.cases.map((member) => invoices.get(member.invoice.documentId)!);
    const senderId = chooseSender(settings.automatic.sender, (included.length ? included : everyone).map((invoice) => invoice.creatorId));
    const recipients = service('messages').recipientsOf(included.length ? included : everyone).recipients;
    const { status, reason } = plannedStatus({ group, hasRecipients: recipients.length > 0, sender: await senderCheck(round, senderId) });
    const sender = senderId === null ? null : await round.sender(senderId);
    const reasons = new Map(group.excluded.map(({ actingCase, reason }) => [actingCase.caseId, reason]));
    const entries: ReminderInvoice[] = group.cases.map((member) => {
      const invoice = invoices.get(member.invoice.documentId)!;
      const entry: ReminderInvoice = { documentId: invoice.documentId, number: invoice.number, dueDate: invoice.dueDate, amountDue: invoice.amountDue, currency: invoice.currency };
      if (reasons.has(member.caseId)) entry.excluded = reasons.get(member.caseId);
      if (invoice.disputed || customer.disputed) entry.disputed = true;
      return entry;
    });
    const skipped = [...new Set(group.cases.flatMap((member) => member.skipped))].sort();
    const notes = [reason, skipped.length ? `steps ${skipped.map((index) => index + 1).join(', ')} passed over: only the latest due step is sent` : null].filter(Boolean);
    return {
      type: template?.type ?? 'reminder',
      channel: group.channel,
      status,
      statusReason: reason,
      trigger: group.automatic ? 'automatic' : 'batch',
      ...customerFields(customer),
      ...coverage(entries),
      currency: (included[0] ?? everyone[0]).currency,
      ...senderFields(sender),
      recipients,
      template: template?.id ?? null,
      scenario: scenario.id,
      stepIndex: group.stepIndex,
      level: step.level,
      skippedSteps: skipped,
      countsInScenario: true,
      idempotencyKey: key,
      attempts: 0,
      plannedFor: now,
      queuedAt: status === 'queued' ? now : null,
      cases: group.cases.map((member) => member.caseId),
      timeline: [{ status, at: now.toISOString(), ...(notes.length ? { note: notes.join('; ') } : {}) }],
      publishedAt: now,
    };
  };

  /** What becomes of a case that does not act now. */
  const caseUpdateOf = (decision: Exclude<CaseDecision, { kind: 'act' }>) =>
    decision.kind === 'close' ? { state: 'closed', stateReason: decision.reason, nextActionAt: null } : { nextActionAt: decision.at };

  /** Plans one page of customers in one transaction; returns the reminders written. */
  const planCustomers = async (round: Round, customerIds: string[], report: PlanReport): Promise<Array<{ id: number; status: ReminderStatus }>> => {
    const { now, settings } = round;
    const rows = (await cases().findMany({
      where: { customerDocumentId: { $in: customerIds }, state: 'active', nextActionAt: { $lte: now } },
      select: ['id', 'invoiceDocumentId', 'customerDocumentId', 'nextStepIndex'],
      populate: { scenario: { select: ['id'] } },
    })) as CaseRow[];
    const invoices = new Map((await service('receivables').findInvoices(rows.map((row) => row.invoiceDocumentId))).map((invoice) => [invoice.documentId, invoice]));
    report.cases += rows.length;

    const updates: Array<{ id: number; data: Record<string, unknown> }> = [];
    const acting = new Map<string, ActingCase[]>();
    const customers = new Map<string, CustomerRecord>();
    for (const row of rows) {
      const invoice = invoices.get(row.invoiceDocumentId);
      if (!invoice?.customer) {
        updates.push({ id: row.id, data: { state: 'closed', stateReason: 'deleted', nextActionAt: null } });
        continue;
      }
      const scenario = (row.scenario && round.scenarios.get(row.scenario.id)) || round.defaultScenario;
      const timezone = service('messages').timezoneOf(invoice.customer);
      const facts = { invoice, steps: scenario?.steps ?? null, nextStepIndex: row.nextStepIndex, timezone };
      const decision = decideCase({ facts, window: settings.automatic.sendWindow, now });
      if (decision.kind !== 'act') {
        if (decision.kind === 'postpone') report.postponed++;
        else if (decision.kind === 'close') report.closed++;
        else report.waiting++;
        updates.push({ id: row.id, data: caseUpdateOf(decision) });
        continue;
      }
      const step = scenario!.steps[decision.stepIndex];
      customers.set(invoice.customer.documentId, invoice.customer);
      const today = service('messages').todayFor(invoice.customer, now);
      acting.set(invoice.customer.documentId, [
        ...(acting.get(invoice.customer.documentId) ?? []),
        {
          caseId: row.id,
          nextStepIndex: row.nextStepIndex,
          scenarioId: scenario!.id,
          stepIndex: decision.stepIndex,
          skipped: decision.skipped,
          channel: step.channel,
          automatic: settings.automatic.enabled && step.channel === 'email' && invoice.automaticReminders,
          invoice: { documentId: invoice.documentId, amountDue: invoice.amountDue, dueDate: invoice.dueDate },
          exclusion:
            exclusionOf({ invoice, customer: invoice.customer, settings: settings.automatic, today }) ??
            (stepLateness({ stepDate: stepDate(invoice.dueDate, step), today, maxLateDays: settings.automatic.maxLateDays }) === 'too_late' ? 'too_late' : null),
        },
      ]);
    }

    // F4.8 pacing: a customer reminded less than N days ago waits; otherwise it gets one
    // reminder today, and its cases on other channels wait N days.
    const minDays = settings.automatic.minDaysBetweenReminders;
    const lastContact = minDays > 0 ? await service('reminders').lastContactDates([...acting.keys()]) : new Map<string, Date>();
    const openingOn = (day: string, timezone: string) =>
      zonedInstant(nextBusinessDay(day, calendarOf(settings.automatic.sendWindow)) ?? day, settings.automatic.sendWindow.startHour, timezone);
    const postpone = (members: ActingCase[], day: string, timezone: string) => {
      report.postponed += members.length;
      for (const member of members) updates.push({ id: member.caseId, data: { nextActionAt: openingOn(day, timezone) } });
    };

    const written: Array<{ data: Record<string, any>; group: CaseGroup }> = [];
    for (const [customerDocumentId, members] of acting) {
      const customer = customers.get(customerDocumentId)!;
      const timezone = service('messages').timezoneOf(customer);
      const today = todayIn(timezone, now);
      let actingNow = members;
      let keyOf = byStep;
      if (minDays > 0) {
        const last = lastContact.get(customerDocumentId);
        const allowed = firstPacedDay({ lastReminderDate: last ? todayIn(timezone, last) : null, minDaysBetween: minDays, candidate: today });
        if (allowed > today) {
          postpone(members, allowed, timezone);
          continue;
        }
        const paced = paceActingCases(members);
        postpone(paced.waiting, addDays(today, minDays), timezone);
        actingNow = paced.now;
        keyOf = () => customerDocumentId;
      }
      for (const group of groupActingCases(actingNow, settings.automatic.minCustomerAmount, keyOf)) {
        written.push({ data: await reminderFor(round, customer, group, invoices, groupKey(customerDocumentId, group, today)), group });
      }
    }

    return strapi.db.transaction(async () => {
      const created: Array<{ id: number; status: ReminderStatus }> = [];
      for (const { data, group } of written) {
        for (const member of group.cases) {
          const nextStepIndex = member.stepIndex + 1;
          const invoice = invoices.get(member.invoice.documentId)!;
          const facts = { invoice, steps: round.scenarios.get(member.scenarioId)!.steps, nextStepIndex, timezone: service('messages').timezoneOf(invoice.customer!) };
          const next = decideCase({ facts, window: settings.automatic.sendWindow, now });
          const { count } = await cases().updateMany({
            where: { id: member.caseId, state: 'active', nextStepIndex: member.nextStepIndex },
            data: { nextStepIndex, lastStepIndex: member.stepIndex, lastStepDate: todayIn(facts.timezone, now), lastReminderAt: now, overrideStepIndex: null, ...(next.kind === 'act' ? { nextActionAt: now } : caseUpdateOf(next)) },
          });
          if (count !== 1) throw new CaseMoved(`case ${member.caseId} moved while it was planned`);
        }
        await service('reminders').withdrawFromPlanned(group.cases.map((member) => member.caseId), `superseded by step ${group.stepIndex + 1}`, now);
        const id = await service('reminders').insertPlanned(data);
        created.push({ id, status: data.status });
      }
      for (const { id, data } of updates) await cases().update({ where: { id }, data });
      return created;
    });
  };

  return {
    async plan(now = new Date()): Promise<PlanReport> {
      const round = await startRound(now);
      const report: PlanReport = { customers: 0, cases: 0, reminders: {}, waiting: 0, postponed: 0, closed: 0, conflicts: 0 };
      const created: number[] = [];
      let after = '';
      for (;;) {
        const customerIds = await dueCustomers(now, after, getPluginConfig(strapi).engine.pageSize);
        if (customerIds.length === 0) break;
        after = customerIds[customerIds.length - 1];
        report.customers += customerIds.length;
        try {
          for (const reminder of await planCustomers(round, customerIds, report)) {
            created.push(reminder.id);
            report.reminders[reminder.status] = (report.reminders[reminder.status] ?? 0) + 1;
          }
        } catch (error) {
          if (!(error instanceof CaseMoved) && !isUniqueViolation(error)) throw error;
          // Another writer got there first: nothing of this page was written; its cases
          // are read again, as they now are, on the next tick.
          report.conflicts++;
          strapi.log.warn(`[dunning] planning rolled back for ${customerIds.length} customers: ${(error as Error).message}`);
        }
      }
      await service('reminders').announceCreated(created);
      return report;
    },
  };
};
