import { z } from 'zod';

import { FIRST_DAY, isCalendarDay, LAST_DAY } from '../calendar';
import { CHANNELS, REMINDER_STATUSES } from '../vocabulary';
import { dayOfInstant, pageNumber, withinMaxOffset } from './common';

/** The Content API's reminder history: GET /api/dunning/reminders. */

const SORTABLE = ['createdAt', 'sentAt', 'amount'] as const;

/** `value`, `[value, …]`, `{ $eq: value }` or `{ $in: [value, …] }`, as a list of values. */
const anyOf = <Value extends z.ZodTypeAny>(value: Value) =>
  z.preprocess(
    (input) => {
      if (input && typeof input === 'object' && !Array.isArray(input)) {
        const keys = Object.keys(input);
        if (keys.length === 1 && keys[0] === '$eq') return [(input as { $eq: unknown }).$eq];
        if (keys.length === 1 && keys[0] === '$in') return [(input as { $in: unknown }).$in].flat();
        return input;
      }
      return [input].flat();
    },
    z
      .array(value, { invalid_type_error: 'must be a value, a list, { $eq } or { $in }' })
      .min(1)
      .max(50)
  );

const oneOf = <Value extends string>(values: readonly Value[]) =>
  z.string().refine((value): value is Value => (values as readonly string[]).includes(value), {
    message: `must be one of ${values.join(', ')}`,
  });

/** A date (YYYY-MM-DD, the whole day) or an ISO 8601 date-time with its offset. */
const instant = (bound: 'start' | 'end') =>
  z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/,
      'must be a date (YYYY-MM-DD) or an ISO 8601 date-time such as 2026-05-01T08:00:00Z'
    )
    .refine(
      (value) => (value.length === 10 ? isCalendarDay(value) : isCalendarDay(dayOfInstant(value))),
      { message: `is not a real date from ${FIRST_DAY} to ${LAST_DAY}` }
    )
    .transform(
      (value) =>
        new Date(
          value.length === 10
            ? `${value}T${bound === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`
            : value
        )
    );

const sortKey = z
  .string()
  .regex(
    new RegExp(`^(${SORTABLE.join('|')})(:(asc|desc))?$`, 'i'),
    `must be ${SORTABLE.join(', ')}, optionally followed by :asc or :desc`
  )
  .transform((value) => {
    const [field, order = 'asc'] = value.split(':');
    return {
      field: field as (typeof SORTABLE)[number],
      order: order.toLowerCase() as 'asc' | 'desc',
    };
  });

/** GET /api/dunning/reminders: Strapi's filters, sort and pagination parameters, the supported subset. */
export const reminderQuerySchema = z
  .object({
    filters: z
      .object({
        customerDocumentId: anyOf(z.string().trim().min(1).max(64)),
        invoiceDocumentId: anyOf(z.string().trim().min(1).max(64)),
        status: anyOf(oneOf(REMINDER_STATUSES)),
        channel: anyOf(oneOf(CHANNELS)),
        createdAt: z
          .object({ $gte: instant('start'), $lte: instant('end') })
          .partial()
          .strict()
          .refine((range) => !range.$gte || !range.$lte || range.$gte <= range.$lte, {
            message: '$gte must not be after $lte',
            path: ['$lte'],
          }),
      })
      .partial()
      .strict()
      .default({}),
    sort: z
      .preprocess((input) => [input].flat(), z.array(sortKey).min(1).max(SORTABLE.length))
      .default(['createdAt:desc']),
    pagination: z
      .object({
        page: pageNumber,
        pageSize: z.coerce.number().int().min(1).max(100, 'must be 100 or less'),
        withCount: z
          .enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
          .transform((value) => value === 'true'),
      })
      .partial()
      .strict()
      .superRefine((pagination, ctx) =>
        withinMaxOffset({ page: pagination.page, pageSize: pagination.pageSize ?? 25 }, ctx)
      )
      .default({}),
  })
  .strict();

export type ReminderQuery = z.infer<typeof reminderQuerySchema>;
