import { createHash } from 'node:crypto';

import { belowCustomerThreshold, type ExclusionReason } from './exclusions';
import type { StepChannel } from './schedule';
import { ADDRESS_BOUNCED } from './suppressions';

/**
 * One reminder per customer and step (SPEC F4.3): a customer's invoices that reach the
 * same step of the same scenario on the same day travel together. Pure.
 */

export type ActingCase = {
  caseId: number;
  /** The step index the case held when it was read: the planner advances it only from there. */
  nextStepIndex: number;
  scenarioId: number;
  stepIndex: number;
  /** Earlier steps passed over because their day is gone (only the latest is sent). */
  skipped: number[];
  channel: StepChannel;
  /** E-mail the engine sends by itself; otherwise the action waits in the batch view. */
  automatic: boolean;
  invoice: { documentId: string; amountDue: number; dueDate: string };
  exclusion: ExclusionReason | null;
};

export type CaseGroup = {
  scenarioId: number;
  stepIndex: number;
  channel: StepChannel;
  automatic: boolean;
  /** Every case of the group, oldest due date first. */
  cases: ActingCase[];
  included: ActingCase[];
  excluded: Array<{ actingCase: ActingCase; reason: ExclusionReason }>;
};

/** The usual grouping (SPEC F4.3): one reminder per scenario step, automatic or not. */
export const byStep = (actingCase: ActingCase) =>
  `${actingCase.scenarioId}:${actingCase.stepIndex}:${actingCase.automatic}`;

/**
 * Groups one customer's acting cases by `keyOf`, then applies the per-customer threshold
 * to what each group would send. A group speaks with the voice of its firmest step.
 */
export const groupActingCases = (
  cases: ActingCase[],
  minCustomerAmount: number,
  keyOf: (actingCase: ActingCase) => string = byStep
): CaseGroup[] => {
  const groups = new Map<string, ActingCase[]>();
  for (const actingCase of cases)
    groups.set(keyOf(actingCase), [...(groups.get(keyOf(actingCase)) ?? []), actingCase]);
  return [...groups.values()].map((members) => {
    const sorted = [...members].sort(
      (a, b) => a.invoice.dueDate.localeCompare(b.invoice.dueDate) || a.caseId - b.caseId
    );
    let included = sorted.filter((member) => !member.exclusion);
    const excluded = sorted
      .filter((member) => member.exclusion)
      .map((member) => ({ actingCase: member, reason: member.exclusion! }));
    if (
      included.length > 0 &&
      belowCustomerThreshold(
        included.map((member) => member.invoice.amountDue),
        minCustomerAmount
      )
    ) {
      excluded.push(
        ...included.map((member) => ({
          actingCase: member,
          reason: 'below_customer_threshold' as const,
        }))
      );
      included = [];
    }
    const lead = firmest(sorted);
    return {
      scenarioId: lead.scenarioId,
      stepIndex: lead.stepIndex,
      channel: lead.channel,
      automatic: lead.automatic,
      cases: sorted,
      included,
      excluded,
    };
  });
};

const firmest = (cases: ActingCase[]) =>
  cases.reduce((lead, candidate) => (candidate.stepIndex > lead.stepIndex ? candidate : lead));

/**
 * Pacing (SPEC F4.8): with a minimum gap between reminders to one customer, the customer
 * gets one reminder today: its cases on the firmest step's channel go together; the
 * others wait for the next allowed day.
 */
export const paceActingCases = (
  cases: ActingCase[]
): { now: ActingCase[]; waiting: ActingCase[] } => {
  if (cases.length === 0) return { now: [], waiting: [] };
  const lead = firmest(cases);
  const together = (actingCase: ActingCase) =>
    actingCase.channel === lead.channel && actingCase.automatic === lead.automatic;
  return {
    now: cases.filter(together),
    waiting: cases.filter((actingCase) => !together(actingCase)),
  };
};

export type SenderCheck = 'ok' | 'no_sender' | 'sender_not_permitted';

export type PlannedStatus =
  | { status: 'queued' | 'planned'; reason: null }
  | { status: 'skipped' | 'not_sent'; reason: string };

/**
 * What becomes of a group's reminder (SPEC F4.3, F4.4): an automatic e-mail is queued
 * for sending, or created but not sent with its reason (no address, or `bounced`: every
 * address it had is on the suppression list); everything else waits in the
 * batch view as planned.
 */
export const plannedStatus = ({
  group,
  hasRecipients,
  bounced = false,
  sender,
}: {
  group: CaseGroup;
  hasRecipients: boolean;
  bounced?: boolean;
  sender: SenderCheck;
}): PlannedStatus => {
  if (!group.automatic) return { status: 'planned', reason: null };
  if (group.included.length === 0) return { status: 'skipped', reason: group.excluded[0].reason };
  if (!hasRecipients)
    return { status: 'not_sent', reason: bounced ? ADDRESS_BOUNCED : 'no_address' };
  if (sender !== 'ok') return { status: 'not_sent', reason: sender };
  return { status: 'queued', reason: null };
};

/**
 * The idempotency key of a group's reminder: the same cases at the same step on the
 * same day always give the same key, which the database holds unique.
 */
export const groupKey = (customerDocumentId: string, group: CaseGroup, today: string): string => {
  const caseIds = group.cases
    .map((member) => member.caseId)
    .sort((a, b) => a - b)
    .join(',');
  const digest = createHash('sha256')
    .update(`${customerDocumentId}|${group.scenarioId}|${group.stepIndex}|${today}|${caseIds}`)
    .digest('hex');
  return `auto:${digest.slice(0, 40)}`;
};

/** Whose name an automatic reminder goes out in (SPEC F4.2): one admin, or the invoices' creator. */
export type SenderSetting =
  { mode: 'user'; userId: number } | { mode: 'creator'; fallbackUserId: number | null };

/** The customer's account owner when it has one (README.md, "Account owners"), else as the setting says. */
export const chooseSender = (
  setting: SenderSetting,
  creatorIds: Array<number | null>,
  ownerId: number | null = null
): number | null => {
  if (ownerId !== null) return ownerId;
  if (setting.mode === 'user') return setting.userId;
  return creatorIds.find((id): id is number => id !== null) ?? setting.fallbackUserId;
};
