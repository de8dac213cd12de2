import type { Core } from '@strapi/strapi';

/** Small facts about the two databases the plugin runs on. */

/** A unique-index violation, from PostgreSQL (23505) or SQLite (SQLITE_CONSTRAINT_UNIQUE). */
export const isUniqueViolation = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed|duplicate key value/.test(message ?? '');
};

/** Datetimes come back as Date (PostgreSQL) or epoch milliseconds (SQLite). */
export const toDate = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string | number | Date));

const DAY_MS = 86_400_000;

/** A timestamp or date column as epoch milliseconds in SQL: SQLite keeps numbers (or text dates), PostgreSQL timestamptz or date. */
export const epochMs = (strapi: Core.Strapi, column: string) =>
  strapi.db.dialect.client === 'postgres'
    ? `(extract(epoch from ${column}) * 1000)`
    : `(case when typeof(${column}) in ('integer', 'real') then ${column} else (julianday(${column}) - 2440587.5) * ${DAY_MS} end)`;

/**
 * Rows per multi-row insert: the dialect's own limit where this Strapi has one
 * (`getBatchInsertSize`, from 5.41.1), else the limits it sets there: 500 on
 * SQLite, whose compound SELECT stops at 500 terms, 1,000 elsewhere.
 */
export const batchInsertSize = (strapi: Core.Strapi): number => {
  const dialect = strapi.db.dialect as { client: string; getBatchInsertSize?: () => number };
  if (typeof dialect.getBatchInsertSize === 'function') return dialect.getBatchInsertSize();
  return dialect.client === 'sqlite' ? 500 : 1000;
};

/** A table in Strapi's schema (PostgreSQL's `DATABASE_SCHEMA`), on the connection or a transaction. */
export const inSchema = (strapi: Core.Strapi, knex: any, name: string) => {
  const schema = strapi.db.getSchemaName();
  return schema ? knex(name).withSchema(schema) : knex(name);
};

/** Past this many matching rows, a list counts no further: counting a million rows would cost more than the page. */
export const MAX_COUNTED = 100_000;

/**
 * The number of rows `query` (a select of one column) matches, counted up to
 * MAX_COUNTED: `capped` when there are more, `total` then being MAX_COUNTED.
 */
export const countUpTo = async (knex: any, query: any): Promise<{ total: number; capped: boolean }> => {
  const [row]: Array<{ total: unknown }> = await knex.count('* as total').from(query.limit(MAX_COUNTED + 1).as('counted'));
  const counted = Number(row.total);
  return { total: Math.min(counted, MAX_COUNTED), capped: counted > MAX_COUNTED };
};

/**
 * The values of an enumeration other than `value`, to write "column = value" as
 * "column not in (the others)" beside a lookup by ids: SQLite, which has no statistics
 * unless someone runs ANALYZE, takes an equality on an indexed column for the best
 * term and reads every row holding that value (every active case, every queued
 * reminder), where a NOT IN is no index term and leaves it the ids to look up.
 */
export const otherValues = (values: readonly string[], value: string): string[] => values.filter((other) => other !== value);

/** Runs `work` in one transaction, which every repository call inside it joins. */
export const inTransaction = <T>(strapi: Core.Strapi, work: () => Promise<T>): Promise<T> => strapi.db.transaction(work) as Promise<T>;

/**
 * Runs `work` at once outside a transaction; inside one, once it commits (and without
 * waiting for it then): work that reads what the transaction writes must not run before.
 */
export const whenCommitted = async (strapi: Core.Strapi, work: () => Promise<unknown>): Promise<void> => {
  if (!strapi.db.inTransaction()) {
    await work();
    return;
  }
  await strapi.db.transaction(async ({ onCommit }) => onCommit(() => void work()));
};
