import { todayIn, zonedInstant } from './dates';
import { type ClosingReason, closingReasonOf, type InvoiceState } from './exclusions';
import { dueStep, replannedStepIndex, type ScenarioStep, stepDate } from './schedule';
import { isInWindow, nextWindowOpening, type SendWindow } from './send-window';

/**
 * What the engine does with one invoice's case at `now` (SPEC F4.3). Pure: the tick,
 * the case sync and the forecast call it with their own clock.
 */

export type CaseFacts = {
  invoice: InvoiceState & { dueDate: string };
  /** The steps of the case's scenario; null when the invoice follows none. */
  steps: Pick<ScenarioStep, 'offsetDays'>[] | null;
  nextStepIndex: number;
  /** The customer's timezone: it decides what "today" is and when the window opens. */
  timezone: string;
};

export type WindowHours = Omit<SendWindow, 'timezone'>;

export type CloseReason = ClosingReason | 'completed' | 'no_scenario';

export type CaseDecision =
  /** Nothing more to do for this invoice. */
  | { kind: 'close'; reason: CloseReason }
  /** The next step's day has not come: look again at `at`. */
  | { kind: 'wait'; at: Date }
  /** A step is due but the send window is closed: look again when it opens. */
  | { kind: 'postpone'; at: Date; stepIndex: number }
  /** Act on `stepIndex` now; earlier steps whose day passed too are skipped. */
  | { kind: 'act'; stepIndex: number; skipped: number[] };

/** The instant a step is due: its day, at the hour the window opens, in the customer's timezone. */
export const stepInstant = (
  dueDate: string,
  step: Pick<ScenarioStep, 'offsetDays'>,
  window: WindowHours,
  timezone: string
): Date => zonedInstant(stepDate(dueDate, step), window.startHour, timezone);

/**
 * When the engine must look at a case, seen from a sync rather than a tick: the next
 * step's time, or — for a step already due — that step's own time, whatever the hour of
 * the sync (the tick decides about the send window when it looks). Null: closed.
 */
export const whenToLook = (
  decision: CaseDecision,
  facts: CaseFacts,
  window: WindowHours
): Date | null => {
  if (decision.kind === 'close') return null;
  if (decision.kind === 'wait') return decision.at;
  return stepInstant(
    facts.invoice.dueDate,
    facts.steps![decision.stepIndex],
    window,
    facts.timezone
  );
};

export const decideCase = ({
  facts,
  window,
  now,
}: {
  facts: CaseFacts;
  window: WindowHours;
  now: Date;
}): CaseDecision => {
  const closing = closingReasonOf(facts.invoice);
  if (closing) return { kind: 'close', reason: closing };
  if (!facts.steps || facts.steps.length === 0) return { kind: 'close', reason: 'no_scenario' };
  if (facts.nextStepIndex >= facts.steps.length) return { kind: 'close', reason: 'completed' };

  const today = todayIn(facts.timezone, now);
  const due = dueStep({
    steps: facts.steps,
    dueDate: facts.invoice.dueDate,
    nextStepIndex: facts.nextStepIndex,
    today,
  });
  if (!due) {
    return {
      kind: 'wait',
      at: stepInstant(
        facts.invoice.dueDate,
        facts.steps[facts.nextStepIndex],
        window,
        facts.timezone
      ),
    };
  }
  const localWindow = { ...window, timezone: facts.timezone };
  if (!isInWindow(now, localWindow)) {
    const opening = nextWindowOpening(now, localWindow);
    // A window without a single hour never opens: the case waits for the settings to change.
    if (!opening) return { kind: 'wait', at: new Date(now.getTime() + 24 * 3600 * 1000) };
    return { kind: 'postpone', at: opening, stepIndex: due.index };
  }
  return { kind: 'act', stepIndex: due.index, skipped: due.skipped };
};

export type SyncedCase =
  | { kind: 'close'; reason: CloseReason }
  | { kind: 'open'; nextStepIndex: number; nextActionAt: Date | null };

/**
 * Where an invoice's case stands after a sync (an invoice written, a re-sync): closed
 * with its reason, or active at its next step. Progress is kept while the scenario stays
 * the same (or the case had none yet); in another scenario the case goes on after the
 * day it was last reminded on.
 */
export const syncCase = ({
  invoice,
  timezone,
  scenario,
  existing,
  window,
  now,
}: {
  invoice: CaseFacts['invoice'];
  timezone: string;
  scenario: { documentId: string; steps: Pick<ScenarioStep, 'offsetDays' | 'level'>[] } | null;
  /** The case as it was: its scenario (and that scenario's steps) and where it stood. */
  existing: {
    scenario: { documentId: string; steps: Pick<ScenarioStep, 'level'>[] } | null;
    nextStepIndex: number;
    lastStepDate: string | null;
  } | null;
  window: WindowHours;
  now: Date;
}): SyncedCase => {
  const before = existing?.scenario;
  const nextStepIndex =
    !before || before.documentId === scenario?.documentId
      ? (existing?.nextStepIndex ?? 0)
      : replannedStepIndex({
          before: before.steps,
          after: scenario?.steps ?? [],
          nextStepIndex: existing.nextStepIndex,
          dueDate: invoice.dueDate,
          lastStepDate: existing.lastStepDate,
        });
  const facts = { invoice, steps: scenario?.steps ?? null, nextStepIndex, timezone };
  const decision = decideCase({ facts, window, now });
  if (decision.kind === 'close') return decision;
  return { kind: 'open', nextStepIndex, nextActionAt: whenToLook(decision, facts, window) };
};
