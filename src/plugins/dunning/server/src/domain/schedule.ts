import type { TemplateChannel } from '../../../shared/vocabulary';
import { addDays } from './dates';

/**
 * When a scenario's steps fall due for one invoice (SPEC F4.1, F4.3). Pure: every
 * function takes `today` (a calendar date in the customer's timezone) as an argument,
 * so the engine and the forecast run the same code with different clocks.
 */

/** The channels a step may have: those templates are written for. */
export type StepChannel = TemplateChannel;

export type ScenarioStep = {
  /** Days relative to the due date: negative before it, positive after it. */
  offsetDays: number;
  channel: StepChannel;
  templateDocumentId: string;
  level: string;
  /** E-mail steps only; steps saved before the option have none. */
  attachStatement?: boolean;
};

/**
 * Where a case stands once its scenario's steps changed, or it moved to another scenario
 * (SPEC F4.7): at the first new step whose level it has not had yet and whose day comes
 * after the day it was last reminded on. So no level is sent twice, a level moved later
 * waits for its new day, and a step inserted ahead is not missed.
 */
export const replannedStepIndex = ({
  before,
  after,
  nextStepIndex,
  dueDate,
  lastStepDate,
}: {
  /** The steps the case followed, and where it stood in them. */
  before: Pick<ScenarioStep, 'level'>[];
  after: Pick<ScenarioStep, 'offsetDays' | 'level'>[];
  nextStepIndex: number;
  dueDate: string;
  lastStepDate: string | null;
}): number => {
  const done = new Set(before.slice(0, nextStepIndex).map((step) => step.level));
  const next = after.findIndex(
    (step) => !done.has(step.level) && (!lastStepDate || stepDate(dueDate, step) > lastStepDate)
  );
  return next === -1 ? after.length : next;
};

/** The calendar date a step falls due for an invoice due on `dueDate`. */
export const stepDate = (dueDate: string, step: Pick<ScenarioStep, 'offsetDays'>): string =>
  addDays(dueDate, step.offsetDays);

export type DueStep = {
  /** The step to act on now. */
  index: number;
  /** Earlier steps whose day has passed too: not sent late, only the latest goes out. */
  skipped: number[];
};

/**
 * The step to act on today: among the steps not done yet (from `nextStepIndex` on), the
 * latest whose date has come. Null when the next step's day has not come, or none is left.
 */
export const dueStep = ({
  steps,
  dueDate,
  nextStepIndex,
  today,
}: {
  steps: Pick<ScenarioStep, 'offsetDays'>[];
  dueDate: string;
  nextStepIndex: number;
  today: string;
}): DueStep | null => {
  let latest = -1;
  for (let index = nextStepIndex; index < steps.length; index++) {
    if (stepDate(dueDate, steps[index]) <= today) latest = index;
  }
  if (latest === -1) return null;
  const skipped: number[] = [];
  for (let index = nextStepIndex; index < latest; index++) skipped.push(index);
  return { index: latest, skipped };
};
