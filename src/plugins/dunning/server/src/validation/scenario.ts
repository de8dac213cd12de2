import { z } from 'zod';
import type { ScenarioStep } from '../domain/schedule';

const step = z
  .object({
    offsetDays: z.number().int().min(-90, 'at most 90 days before the due date').max(365, 'at most 365 days after the due date'),
    channel: z.enum(['email', 'letter', 'phone']),
    templateDocumentId: z.string().min(1, 'is required'),
    level: z.string().trim().min(1, 'is required').max(80),
  })
  .strict();

const steps = z.array(step).min(1, 'a scenario has 1 to 5 steps').max(5, 'a scenario has 1 to 5 steps');

/** Steps in date order. */
const inOrder = (value: { steps: ScenarioStep[] }, ctx: z.RefinementCtx) => {
  value.steps.forEach((current, index) => {
    if (index > 0 && current.offsetDays <= value.steps[index - 1].offsetDays) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['steps', index, 'offsetDays'], message: 'must come after the previous step' });
    }
  });
};

/** POST/PUT /dunning/scenarios */
export const scenarioSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(120),
    description: z.string().max(2000).nullable().optional(),
    steps,
    /** F4.6: the template sent when a promise to pay is broken (none: reminders just resume). */
    brokenPromiseTemplateDocumentId: z.string().min(1).nullable().optional(),
  })
  .strict()
  .superRefine(inOrder);

/** POST /dunning/scenarios/:documentId/forecast-change: the steps about to be saved. */
export const forecastChangeSchema = z.object({ steps, days: z.number().int().min(1).max(90).default(30) }).strict().superRefine(inOrder);

export type ScenarioStepInput = ScenarioStep;
export type ScenarioInput = { name: string; description?: string | null; steps: ScenarioStepInput[]; brokenPromiseTemplateDocumentId?: string | null };

/** POST /dunning/scenarios/:documentId/customers */
export const assignSchema = z
  .object({ customerDocumentIds: z.array(z.string().min(1)).min(1).max(1000) })
  .strict();

/** PUT /dunning/customers/:customerDocumentId/scenario (null: back to the default) */
export const customerScenarioSchema = z.object({ scenarioDocumentId: z.string().min(1).nullable() }).strict();
