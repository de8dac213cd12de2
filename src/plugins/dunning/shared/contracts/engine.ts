import { z } from 'zod';

import type { TemplateChannel } from '../vocabulary';
import type { Amount } from './common';

/** The engine's routes: /dunning/engine/run (an empty body) and /dunning/engine/forecast. */

/** GET /dunning/engine/forecast */
export const forecastSchema = z
  .object({ days: z.coerce.number().int().min(1).max(90).default(7) })
  .strict();

/** What the engine would do on one coming day (GET /dunning/engine/forecast). */
export type ForecastDay = {
  day: string;
  reminders: number;
  customers: number;
  invoices: number;
  amounts: Amount[];
  steps: Array<{ level: string; channel: TemplateChannel; reminders: number; invoices: number }>;
};

/** POST /dunning/engine/run: the tick's report, or null while it goes on. */
export type EngineRun = {
  planned: { reminders: Record<string, number> } | null;
  sent: Record<string, number>;
} | null;
