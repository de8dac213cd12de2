import type { Settings } from '../../../shared/contracts/settings';
import type { ReminderType } from '../../../shared/vocabulary';
import { type CaseDecision, decideCase } from './case-decision';
import { addDays, todayIn, zonedInstant } from './dates';
import { exclusionOf, isPaused } from './exclusions';
import {
  type ActingCase,
  byStep,
  type CaseGroup,
  chooseSender,
  groupActingCases,
  groupKey,
  paceActingCases,
  plannedStatus,
} from './grouping';
import { nextBusinessDay } from './holidays';
import { firstPacedDay, stepLateness } from './pacing';
import { mergeRecipients, resolveRecipients } from './recipients';
import type { CaseData, CustomerRecord, InvoiceRecord, NewReminderColumns } from './records';
import { coverage, type ReminderInvoice } from './reminder-invoices';
import { type ScenarioStep, stepDate } from './schedule';
import { calendarOf } from './send-window';
import { withoutSuppressed } from './suppressions';

/**
 * What a tick does with one page of due cases (SPEC F4.3, F4.4, F4.8): each case's
 * decision, the reminders its customer gets (one per step, or one a day when paced) and
 * how every case moves on. Pure: the planner reads the cases and what they need, calls
 * this, and writes the result; so does the bench's hand-written SQL baseline.
 */

export type PlanningScenario = { id: number; steps: ScenarioStep[] };

export type DueCase = {
  id: number;
  invoiceDocumentId: string;
  customerDocumentId: string;
  nextStepIndex: number;
  scenarioId: number | null;
};

/** An admin reminders may go out in the name of, as read for this round. */
export type PlanningSender = { id: number; name: string; email: string; maySend: boolean };

export type PlanningInput = {
  now: Date;
  settings: Settings['automatic'];
  scenarios: Map<number, PlanningScenario>;
  defaultScenario: PlanningScenario | null;
  /** Templates by documentId. */
  templates: Map<string, { id: number; type: ReminderType }>;
  /** The engine's time zone, for customers without one. */
  timezone: string;
  cases: DueCase[];
  invoices: Map<string, InvoiceRecord>;
  /** Active admins by id (an inactive or unknown one is missing). */
  senders: Map<number, PlanningSender>;
  /** When each customer was last reached; read only when pacing is on. */
  lastContact: Map<string, Date>;
  /** Addresses reminders bounced from (normalised): nothing goes to them (F7.5). */
  suppressed?: ReadonlySet<string>;
};

/** Fields of a case, by attribute name, to set from the step it was read at. */
export type CaseChange = CaseData;

export type PlannedReminder = {
  /** The reminder's fields by attribute name, relations aside. */
  data: NewReminderColumns;
  links: { cases: number[]; sender: number | null; template: number | null; scenario: number };
  /** Each case of the reminder moves on only from the step it was read at. */
  advances: Array<{ caseId: number; fromStepIndex: number; data: CaseChange }>;
  /** Reminders still waiting in the batch view for these cases are superseded. */
  withdraw: { caseIds: number[]; reason: string };
};

export type Planning = {
  reminders: PlannedReminder[];
  /** Cases that do not act now: when to look again, or closed. */
  updates: Array<{ id: number; data: CaseChange }>;
  waiting: number;
  postponed: number;
  /** Cases of paused customers, looked at again when the pause ends. */
  paused: number;
  closed: number;
};

/** Whose invoices may be reminded in whose name: the admin ids a page's reminders may need. */
export const senderCandidates = (
  settings: Settings['automatic'],
  invoices: Iterable<InvoiceRecord>
): number[] => {
  const ids = new Set<number>(settings.sender.mode === 'user' ? [settings.sender.userId] : []);
  for (const invoice of invoices) {
    if (invoice.customer?.ownerId) ids.add(invoice.customer.ownerId);
    if (settings.sender.mode === 'creator' && invoice.creatorId !== null)
      ids.add(invoice.creatorId);
  }
  if (settings.sender.mode === 'creator' && settings.sender.fallbackUserId !== null)
    ids.add(settings.sender.fallbackUserId);
  return [...ids];
};

/** What becomes of a case that does not act now. */
const caseChangeOf = (decision: Exclude<CaseDecision, { kind: 'act' }>): CaseChange =>
  decision.kind === 'close'
    ? { state: 'closed', stateReason: decision.reason, nextActionAt: null }
    : { nextActionAt: decision.at };

export const planCases = (input: PlanningInput): Planning => {
  const { now, settings } = input;
  const timezoneOf = (customer: Pick<CustomerRecord, 'timezone'>) =>
    customer.timezone || input.timezone;
  const recipientsOf = (invoices: InvoiceRecord[]) =>
    mergeRecipients(
      invoices.map((invoice) =>
        resolveRecipients({
          invoice,
          contact: invoice.contact,
          favouriteContact: invoice.customer?.favouriteContact ?? null,
        })
      )
    ).recipients;
  const planning: Planning = {
    reminders: [],
    updates: [],
    waiting: 0,
    postponed: 0,
    paused: 0,
    closed: 0,
  };
  /** The send window's opening on `day`, or on the next business day after it. */
  const openingOn = (day: string, timezone: string) =>
    zonedInstant(
      nextBusinessDay(day, calendarOf(settings.sendWindow)) ?? day,
      settings.sendWindow.startHour,
      timezone
    );

  const acting = new Map<string, ActingCase[]>();
  const customers = new Map<string, CustomerRecord>();
  for (const row of input.cases) {
    const invoice = input.invoices.get(row.invoiceDocumentId);
    if (!invoice?.customer) {
      planning.updates.push({
        id: row.id,
        data: { state: 'closed', stateReason: 'deleted', nextActionAt: null },
      });
      continue;
    }
    const scenario =
      (row.scenarioId !== null && input.scenarios.get(row.scenarioId)) || input.defaultScenario;
    const timezone = timezoneOf(invoice.customer);
    const facts = {
      invoice,
      steps: scenario?.steps ?? null,
      nextStepIndex: row.nextStepIndex,
      timezone,
    };
    const decision = decideCase({ facts, window: settings.sendWindow, now });
    // A paused customer's due steps wait for the day the pause ends, in its time zone.
    const pausedUntil = invoice.customer.pausedUntil;
    if (
      decision.kind !== 'close' &&
      decision.kind !== 'wait' &&
      isPaused(pausedUntil, todayIn(timezone, now))
    ) {
      planning.paused++;
      planning.updates.push({
        id: row.id,
        data: { nextActionAt: openingOn(pausedUntil!, timezone) },
      });
      continue;
    }
    if (decision.kind !== 'act') {
      if (decision.kind === 'postpone') planning.postponed++;
      else if (decision.kind === 'close') planning.closed++;
      else planning.waiting++;
      planning.updates.push({ id: row.id, data: caseChangeOf(decision) });
      continue;
    }
    const step = scenario!.steps[decision.stepIndex];
    const today = todayIn(timezone, now);
    customers.set(invoice.customer.documentId, invoice.customer);
    acting.set(invoice.customer.documentId, [
      ...(acting.get(invoice.customer.documentId) ?? []),
      {
        caseId: row.id,
        nextStepIndex: row.nextStepIndex,
        scenarioId: scenario!.id,
        stepIndex: decision.stepIndex,
        skipped: decision.skipped,
        channel: step.channel,
        automatic: settings.enabled && step.channel === 'email' && invoice.automaticReminders,
        invoice: {
          documentId: invoice.documentId,
          amountDue: invoice.amountDue,
          dueDate: invoice.dueDate,
        },
        exclusion:
          exclusionOf({ invoice, customer: invoice.customer, settings, today }) ??
          (stepLateness({
            stepDate: stepDate(invoice.dueDate, step),
            today,
            maxLateDays: settings.maxLateDays,
          }) === 'too_late'
            ? 'too_late'
            : null),
      },
    ]);
  }

  /** The reminder of one group of a customer's cases, with the moves of its cases. */
  const reminderOf = (customer: CustomerRecord, group: CaseGroup, key: string): PlannedReminder => {
    const scenario = input.scenarios.get(group.scenarioId)!;
    const step = scenario.steps[group.stepIndex];
    const template = input.templates.get(step.templateDocumentId);
    const invoiceOf = (member: ActingCase) => input.invoices.get(member.invoice.documentId)!;
    const included = group.included.map(invoiceOf);
    const everyone = group.cases.map(invoiceOf);
    const senderId = chooseSender(
      settings.sender,
      (included.length ? included : everyone).map((invoice) => invoice.creatorId),
      customer.ownerId
    );
    const sender = senderId === null ? null : (input.senders.get(senderId) ?? null);
    const { kept: recipients, bounced } = withoutSuppressed(
      recipientsOf(included.length ? included : everyone),
      input.suppressed ?? new Set()
    );
    const senderCheck =
      senderId === null ? 'no_sender' : sender?.maySend ? 'ok' : 'sender_not_permitted';
    const { status, reason } = plannedStatus({
      group,
      hasRecipients: recipients.length > 0,
      bounced: bounced.length > 0,
      sender: senderCheck,
    });
    const reasons = new Map(
      group.excluded.map(({ actingCase, reason: why }) => [actingCase.caseId, why])
    );
    const entries: ReminderInvoice[] = group.cases.map((member) => {
      const invoice = invoiceOf(member);
      const entry: ReminderInvoice = {
        documentId: invoice.documentId,
        number: invoice.number,
        dueDate: invoice.dueDate,
        amountDue: invoice.amountDue,
        currency: invoice.currency,
      };
      if (reasons.has(member.caseId)) entry.excluded = reasons.get(member.caseId);
      if (invoice.disputed || customer.disputed) entry.disputed = true;
      return entry;
    });
    const skipped = [...new Set(group.cases.flatMap((member) => member.skipped))].sort();
    const notes = [
      reason,
      skipped.length
        ? `steps ${skipped.map((index) => index + 1).join(', ')} passed over: only the latest due step is sent`
        : null,
    ].filter(Boolean);
    return {
      data: {
        type: template?.type ?? 'reminder',
        channel: group.channel,
        status,
        statusReason: reason,
        trigger: group.automatic ? 'automatic' : 'batch',
        customerDocumentId: customer.documentId,
        customerName: customer.name,
        customerSegment: customer.segment,
        ...coverage(entries),
        currency: (included[0] ?? everyone[0]).currency,
        senderName: sender?.name ?? null,
        senderEmail: sender?.email ?? null,
        recipients,
        stepIndex: group.stepIndex,
        level: step.level,
        attachStatement: step.attachStatement === true,
        skippedSteps: skipped,
        countsInScenario: true,
        idempotencyKey: key,
        attempts: 0,
        plannedFor: now,
        queuedAt: status === 'queued' ? now : null,
        timeline: [
          { status, at: now.toISOString(), ...(notes.length ? { note: notes.join('; ') } : {}) },
        ],
      },
      links: {
        cases: group.cases.map((member) => member.caseId),
        sender: sender?.id ?? null,
        template: template?.id ?? null,
        scenario: scenario.id,
      },
      advances: group.cases.map((member) => {
        const nextStepIndex = member.stepIndex + 1;
        const invoice = invoiceOf(member);
        const facts = {
          invoice,
          steps: input.scenarios.get(member.scenarioId)!.steps,
          nextStepIndex,
          timezone: timezoneOf(invoice.customer!),
        };
        const next = decideCase({ facts, window: settings.sendWindow, now });
        return {
          caseId: member.caseId,
          fromStepIndex: member.nextStepIndex,
          data: {
            nextStepIndex,
            lastStepIndex: member.stepIndex,
            lastStepDate: todayIn(facts.timezone, now),
            lastReminderAt: now,
            overrideStepIndex: null,
            ...(next.kind === 'act' ? { nextActionAt: now } : caseChangeOf(next)),
          },
        };
      }),
      withdraw: {
        caseIds: group.cases.map((member) => member.caseId),
        reason: `superseded by step ${group.stepIndex + 1}`,
      },
    };
  };

  // F4.8 pacing: a customer reminded less than N days ago waits; otherwise it gets one
  // reminder today, and its cases on other channels wait N days.
  const minDays = settings.minDaysBetweenReminders;
  const postpone = (members: ActingCase[], day: string, timezone: string) => {
    planning.postponed += members.length;
    for (const member of members)
      planning.updates.push({
        id: member.caseId,
        data: { nextActionAt: openingOn(day, timezone) },
      });
  };
  for (const [customerDocumentId, members] of acting) {
    const customer = customers.get(customerDocumentId)!;
    const timezone = timezoneOf(customer);
    const today = todayIn(timezone, now);
    let actingNow = members;
    let keyOf = byStep;
    if (minDays > 0) {
      const last = input.lastContact.get(customerDocumentId);
      const allowed = firstPacedDay({
        lastReminderDate: last ? todayIn(timezone, last) : null,
        minDaysBetween: minDays,
        candidate: today,
      });
      if (allowed > today) {
        postpone(members, allowed, timezone);
        continue;
      }
      const paced = paceActingCases(members);
      postpone(paced.waiting, addDays(today, minDays), timezone);
      actingNow = paced.now;
      keyOf = () => customerDocumentId;
    }
    for (const group of groupActingCases(actingNow, settings.minCustomerAmount, keyOf)) {
      planning.reminders.push(
        reminderOf(customer, group, groupKey(customerDocumentId, group, today))
      );
    }
  }
  return planning;
};
