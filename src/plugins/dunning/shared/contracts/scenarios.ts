import { z } from 'zod';

import { TEMPLATE_CHANNELS, type TemplateChannel } from '../vocabulary';
import type { Amount } from './common';

/** The scenarios routes: /dunning/scenarios and a customer's scenario. */

const step = z
  .object({
    offsetDays: z
      .number()
      .int()
      .min(-90, 'at most 90 days before the due date')
      .max(365, 'at most 365 days after the due date'),
    channel: z.enum(TEMPLATE_CHANNELS),
    templateDocumentId: z.string().min(1, 'is required'),
    level: z.string().trim().min(1, 'is required').max(80),
    /** The e-mails of this step carry the customer's statement of account. */
    attachStatement: z.boolean().default(false),
  })
  .strict()
  .refine((value) => !value.attachStatement || value.channel === 'email', {
    path: ['attachStatement'],
    message: 'only an e-mail step attaches the statement',
  });

export type ScenarioStepInput = z.infer<typeof step>;
/** A step as saved: those saved before the statement option have no `attachStatement`. */
export type SavedScenarioStep = z.input<typeof step>;

const steps = z
  .array(step)
  .min(1, 'a scenario has 1 to 5 steps')
  .max(5, 'a scenario has 1 to 5 steps');

/** Steps in date order. */
const inOrder = (value: { steps: ScenarioStepInput[] }, ctx: z.RefinementCtx) => {
  value.steps.forEach((current, index) => {
    if (index > 0 && current.offsetDays <= value.steps[index - 1].offsetDays) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['steps', index, 'offsetDays'],
        message: 'must come after the previous step',
      });
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

export type ScenarioInput = z.infer<typeof scenarioSchema>;

/** POST /dunning/scenarios/:documentId/forecast-change: the steps about to be saved. */
export const forecastChangeSchema = z
  .object({ steps, days: z.number().int().min(1).max(90).default(30) })
  .strict()
  .superRefine(inOrder);

/** POST /dunning/scenarios/:documentId/customers */
export const assignSchema = z
  .object({ customerDocumentIds: z.array(z.string().min(1)).min(1).max(1000) })
  .strict();

/** PUT /dunning/customers/:customerDocumentId/scenario (null: back to the default) */
export const customerScenarioSchema = z
  .object({ scenarioDocumentId: z.string().min(1).nullable() })
  .strict();

/** A scenario, as the scenarios routes answer it. */
export type Scenario = {
  documentId: string;
  name: string;
  description?: string | null;
  isDefault: boolean;
  isPredefined: boolean;
  steps: SavedScenarioStep[];
  brokenPromiseTemplate: { documentId: string; name: string } | null;
};

/** What saving new steps would change (POST /dunning/scenarios/:documentId/forecast-change). */
export type ForecastChange = {
  invoiceNumber: string;
  customerName: string;
  level: string;
  channel: TemplateChannel;
  amountDue: number;
  currency: string;
  before: string | null;
  after: string | null;
};
export type ScenarioChange = {
  days: number;
  added: ForecastChange[];
  moved: ForecastChange[];
  dropped: ForecastChange[];
  totals: Record<'added' | 'moved' | 'dropped', { invoices: number; amounts: Amount[] }>;
};
