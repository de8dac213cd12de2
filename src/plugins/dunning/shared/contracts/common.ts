import { z } from 'zod';

import { FIRST_DAY, isCalendarDay, LAST_DAY } from '../calendar';

/** Pieces every route's contract builds on. */

/** A route that takes no input: an empty body (or none). */
export const emptyBodySchema = z.object({}).strict();

/** A real calendar day in the range queries may name. */
export const calendarDay = z
  .string()
  .refine(isCalendarDay, `must be a date YYYY-MM-DD, a real day from ${FIRST_DAY} to ${LAST_DAY}`);

/** The UTC day of an ISO 8601 date-time ('' when it is none). */
export const dayOfInstant = (value: string) => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
};

/** An ISO 8601 instant on one of those days. */
export const isoInstant = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-05-01T08:00:00Z' })
  .refine(
    (value) => isCalendarDay(dayOfInstant(value)),
    `must fall from ${FIRST_DAY} to ${LAST_DAY}`
  );

/** "My accounts" (`mine=true`): only the customers whose account owner is the admin asking. */
export const mineFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** How deep a list may be paged: past this many rows, narrow the filters (the counts stop there too). */
export const MAX_OFFSET = 100_000;

/** A page number: from 1, and no deeper than MAX_OFFSET rows at the page size. */
export const pageNumber = z.coerce.number().int().min(1).max(MAX_OFFSET);

/** For an object with `page` and `pageSize`: the page starts within the first MAX_OFFSET rows. */
export const withinMaxOffset = (
  query: { page?: number; pageSize?: number },
  ctx: z.RefinementCtx,
  path: Array<string | number> = ['page']
) => {
  if (query.page === undefined || query.pageSize === undefined) return;
  if ((query.page - 1) * query.pageSize >= MAX_OFFSET) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path,
      message: `must be ${Math.ceil(MAX_OFFSET / query.pageSize)} or less with ${query.pageSize} per page`,
    });
  }
};

/** A list page's position, as list routes answer it in `meta.pagination`. */
export type Pagination = { page: number; pageSize: number; pageCount: number; total: number };

/** An amount in one currency. */
export type Amount = { currency: string; amount: number };
