import { z } from 'zod';
import { FIRST_DAY, LAST_DAY } from '../domain/dates';
import { SORT_FIELDS, type ReminderStatus } from '../services/reminders';
import { calendarDay, isoInstant, mineFlag, pageNumber, withinMaxOffset } from './common';

const STATUSES = ['planned', 'queued', 'sending', 'sent', 'delivered', 'opened', 'failed', 'bounced', 'not_sent', 'skipped', 'uncertain', 'cancelled'] as const satisfies readonly ReminderStatus[];

/** A day (`YYYY-MM-DD`) or an ISO 8601 instant. */
const dayOrInstant = z
  .string()
  .refine((value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? calendarDay : isoInstant).safeParse(value).success, `must be a date (YYYY-MM-DD, a real day from ${FIRST_DAY} to ${LAST_DAY}) or an ISO 8601 instant`);

/** `a,b` or repeated `status=a&status=b`. */
const statusList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.enum(STATUSES)).max(STATUSES.length));

/** GET /dunning/reminders (the activities page). */
export const reminderListSchema = z
  .object({
    status: statusList.optional(),
    channel: z.enum(['email', 'letter', 'phone', 'other']).optional(),
    type: z.enum(['pre_due', 'reminder', 'thank_you']).optional(),
    trigger: z.enum(['manual', 'batch', 'automatic']).optional(),
    customer: z.string().trim().min(1).max(64).optional(),
    sender: z.coerce.number().int().positive().optional(),
    mine: mineFlag.optional(),
    from: dayOrInstant.optional(),
    to: dayOrInstant.optional(),
    search: z.string().max(100).optional(),
    sort: z.enum(Object.keys(SORT_FIELDS) as [keyof typeof SORT_FIELDS]).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: pageNumber.default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ['to'], message: 'must not be before from' })
  .superRefine((query, ctx) => withinMaxOffset(query, ctx));
