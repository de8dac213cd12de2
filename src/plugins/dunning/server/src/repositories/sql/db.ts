import type { Core } from '@strapi/strapi';

import type { Knex, SqlQuery } from './typed-strapi';

/** Small facts about the two databases the plugin runs on. */

/** A unique-index violation, from PostgreSQL (23505) or SQLite (SQLITE_CONSTRAINT_UNIQUE). */
export const isUniqueViolation = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key value/.test(message ?? '')
  );
};

/** Datetimes come back as Date (PostgreSQL) or epoch milliseconds (SQLite). */
export const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string | number | Date);

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
export const inSchema = (strapi: Core.Strapi, knex: Knex, name: string) => {
  const schema = strapi.db.getSchemaName();
  return schema ? knex(name).withSchema(schema) : knex(name);
};

/** Past this many matching rows, a list counts no further: counting a million rows would cost more than the page. */
export const MAX_COUNTED = 100_000;

/**
 * The number of rows `query` (a select of one column) matches, counted up to
 * MAX_COUNTED: `capped` when there are more, `total` then being MAX_COUNTED.
 */
export const countUpTo = async (
  knex: Knex,
  query: SqlQuery
): Promise<{ total: number; capped: boolean }> => {
  const [row]: Array<{ total: unknown }> = await knex
    .count('* as total')
    .from(query.limit(MAX_COUNTED + 1).as('counted'));
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
export const otherValues = (values: readonly string[], value: string): string[] =>
  values.filter((other) => other !== value);

/**
 * What `whenCommitted` leaves for after the commit of a transaction that `inTransaction`
 * began, by its knex transaction: `inTransaction` runs it, and returns once it ran.
 */
const afterCommit = new WeakMap<object, Array<() => Promise<unknown>>>();

/**
 * Runs `work` in one transaction, all or nothing (docs/engine.md, "All or nothing"):
 * every query engine and Document Service call inside it joins it (Strapi passes it on
 * through AsyncLocalStorage), and so does every knex query run through `execute`.
 * Inside another transaction, `work` joins that one. What `whenCommitted` was given
 * inside runs after the commit, before this returns; nothing of it runs on a rollback.
 */
export const inTransaction = async <T>(strapi: Core.Strapi, work: () => Promise<T>): Promise<T> => {
  if (strapi.db.inTransaction()) return work();
  const committed: Array<() => Promise<unknown>> = [];
  const result = (await strapi.db.transaction(async ({ trx }) => {
    afterCommit.set(trx, committed);
    return work();
  })) as T;
  for (const next of committed) await next();
  return result;
};

/**
 * Runs `work` at once outside a transaction; inside one, once it commits (never on a
 * rollback): work that reads what the transaction writes, or tells others about it,
 * must not run before. After a transaction of `inTransaction`, its caller waits for it;
 * after one of Strapi's own (the Content Manager's publish), nothing waits for it.
 */
export const whenCommitted = async (
  strapi: Core.Strapi,
  work: () => Promise<unknown>
): Promise<void> => {
  if (!strapi.db.inTransaction()) {
    await work();
    return;
  }
  await strapi.db.transaction(async ({ trx, onCommit }) => {
    const queued = afterCommit.get(trx);
    if (queued) queued.push(work);
    else onCommit(() => void work());
  });
};

/** A knex query or raw statement, which may be told which transaction to run in. */
type KnexQuery = { transacting(trx: unknown): PromiseLike<unknown> };

/**
 * Runs `query`, built on `strapi.db.connection`, in the caller's transaction when there
 * is one: on the connection it would not see what the transaction wrote (PostgreSQL),
 * or wait for the one connection the transaction holds until knex gives up, a minute
 * later (SQLite).
 */
export const execute = async <T>(strapi: Core.Strapi, query: KnexQuery): Promise<T> =>
  (strapi.db.inTransaction()
    ? strapi.db.transaction(({ trx }) => query.transacting(trx))
    : query) as Promise<T>;

/**
 * Runs `insert`, which a unique index may refuse: null when it does. Inside a
 * transaction the insert runs under a savepoint, so that a refusal undoes the insert
 * alone: PostgreSQL aborts the whole transaction at its first error otherwise.
 */
export const unlessTaken = async <T>(
  strapi: Core.Strapi,
  insert: () => Promise<T>
): Promise<T | null> => {
  const refused = (error: unknown) => {
    if (isUniqueViolation(error)) return null;
    throw error;
  };
  if (!strapi.db.inTransaction()) return insert().catch(refused);
  return strapi.db.transaction(async ({ trx }) => {
    await trx.raw('savepoint dunning_unless_taken');
    try {
      const inserted = await insert();
      await trx.raw('release savepoint dunning_unless_taken');
      return inserted;
    } catch (error) {
      await trx.raw('rollback to savepoint dunning_unless_taken');
      return refused(error);
    }
  });
};
