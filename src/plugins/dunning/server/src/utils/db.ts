import type { Core } from '@strapi/strapi';

/** Small facts about the two databases the plugin runs on. */

/** A unique-index violation, from PostgreSQL (23505) or SQLite (SQLITE_CONSTRAINT_UNIQUE). */
export const isUniqueViolation = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed|duplicate key value/.test(message ?? '');
};

/** Datetimes come back as Date (PostgreSQL) or epoch milliseconds (SQLite). */
export const toDate = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string | number | Date));

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

/**
 * `data` (attribute names of `uid`) as the row it writes through knex: column names,
 * JSON attributes serialized, as Strapi's query engine would write them.
 */
const toColumns = (strapi: Core.Strapi, uid: string, data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(data).map(([name, value]) => {
      const attribute = columnAttribute(strapi, uid, name);
      return [attribute.columnName, attribute.type === 'json' && value !== null && value !== undefined ? JSON.stringify(value) : value];
    })
  );

/** The attribute `name` of `uid`, kept in a column of its table; anything else is a programming error. */
const columnAttribute = (strapi: Core.Strapi, uid: string, name: string): { columnName: string; type: string } => {
  const attribute = (strapi.db.metadata.get(uid as any) as any).attributes[name];
  if (!attribute?.columnName) throw new Error(`${uid}.${name} is not a column`);
  return attribute;
};

/** PostgreSQL types of Strapi's scalar attribute types (others are text), for `updateEach`'s typed values. */
const POSTGRES_TYPES: Record<string, string> = {
  json: 'jsonb',
  datetime: 'timestamp',
  date: 'date',
  integer: 'integer',
  biginteger: 'bigint',
  decimal: 'numeric',
  float: 'double precision',
  boolean: 'boolean',
};

/**
 * Updates rows of `uid` by id, each with its own values, in one statement per set of
 * attributes written (`UPDATE … FROM (VALUES …)`, on SQLite and PostgreSQL alike): what
 * an UPDATE per row would write, without a statement per row. Rows must also meet
 * `where` (column → value); returns the ids updated. Runs on `knex` (a transaction, or
 * the connection).
 */
export const updateEach = async (
  strapi: Core.Strapi,
  knex: any,
  uid: string,
  rows: Array<{ id: number; data: Record<string, unknown> }>,
  where: Record<string, unknown> = {}
): Promise<Set<number>> => {
  const { tableName } = strapi.db.metadata.get(uid as any) as any;
  const schema = strapi.db.getSchemaName();
  const postgres = strapi.db.dialect.client === 'postgres';
  // PostgreSQL types the values of a VALUES list from what they hold: say it for each.
  const typed = (type: string | undefined) => (postgres && type ? `cast(? as ${type})` : '?');
  const updated = new Set<number>();
  const groups = new Map<string, Array<{ id: number; data: Record<string, unknown> }>>();
  for (const row of rows) {
    const key = Object.keys(row.data).sort().join(',');
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  for (const [key, group] of groups) {
    const attributes = key.split(',').map((name) => columnAttribute(strapi, uid, name));
    const columns = attributes.map((attribute) => attribute.columnName);
    const tuple = `(${[typed('integer'), ...attributes.map((attribute) => typed(POSTGRES_TYPES[attribute.type]))].join(', ')})`;
    const bindings: unknown[] = [schema ? `${schema}.${tableName}` : tableName, ...columns.flatMap((column, index) => [column, `v.column${index + 2}`])];
    for (const row of group) {
      const values = toColumns(strapi, uid, row.data);
      bindings.push(row.id, ...columns.map((column) => values[column]));
    }
    const conditions = Object.entries(where).map(([column, value]) => {
      bindings.push(`r.${column}`, value);
      return ' and ?? = ?';
    });
    const sql =
      `update ?? as r set ${columns.map(() => '?? = ??').join(', ')} ` +
      `from (values ${group.map(() => tuple).join(', ')}) as v where r.id = v.column1${conditions.join('')} returning id`;
    const result = await knex.raw(sql, bindings);
    for (const row of (postgres ? result.rows : result) as Array<{ id: number }>) updated.add(Number(row.id));
  }
  return updated;
};
