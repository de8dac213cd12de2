import { createId } from '@paralleldrive/cuid2';
import type { Core } from '@strapi/strapi';

import { chunksOf, groupBy } from '../../helpers';
import { batchInsertSize, execute, inSchema } from './db';
import { columnOf, type Knex, type LinkTable, linkTableOf, queryOf, tableOf } from './typed-strapi';

/**
 * Writing many rows of a content type at once, as Strapi would write them one by one:
 * the query engine's multi-row insert (columns, defaults, JSON), documentIds from the
 * same cuid2 generator Strapi uses, and the link rows of their relations with Strapi's
 * order columns — one statement per chunk instead of several per row; and updates of
 * many rows, each with its own values, one statement per set of columns. Inside
 * `strapi.db.transaction` they join that transaction.
 */

/** Relation name → the id(s) it points to. */
export type Links = Record<string, number | number[] | null | undefined>;

/** A row to insert: its fields by attribute name, and where its relations point. */
export type NewRow = { data: object; links?: Links };

export type Inserted = { id: number; documentId: string };

/**
 * Inserts `rows` of `uid` with their relations' link rows; returns the new rows' ids
 * and documentIds in the order of `rows`. Rows that do not say otherwise are created,
 * updated and published at `now` (content types without draft and publish keep
 * `publishedAt` set).
 */
export const insertWithLinks = async (
  strapi: Core.Strapi,
  uid: string,
  rows: NewRow[],
  now = new Date()
): Promise<Inserted[]> => {
  if (rows.length === 0) return [];
  const tableName = tableOf(strapi, uid);
  return strapi.db.transaction(async ({ trx }) => {
    const inserted: Inserted[] = [];
    for (const chunk of chunksOf(rows, batchInsertSize(strapi))) {
      const data = chunk.map((row) => ({
        documentId: createId(),
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
        ...row.data,
      }));
      await queryOf(strapi, uid).createMany({ data });
      // The ids by documentId: nothing in SQL promises that a multi-row insert returns them in order.
      const found: Array<{ id: number; document_id: string }> = await inSchema(
        strapi,
        trx,
        tableName
      )
        .select('id', 'document_id')
        .whereIn(
          'document_id',
          data.map((row) => row.documentId)
        );
      const byDocumentId = new Map(found.map((row) => [row.document_id, Number(row.id)]));
      inserted.push(
        ...data.map((row) => ({
          id: byDocumentId.get(row.documentId)!,
          documentId: row.documentId,
        }))
      );
    }
    await insertLinks(
      strapi,
      uid,
      inserted.map(({ id }, index) => ({ id, links: rows[index].links }))
    );
    return inserted;
  });
};

/**
 * The link rows of relations of existing rows, with Strapi's order columns: a row's own
 * list in the order given, each new link after the target's existing ones.
 */
export const insertLinks = async (
  strapi: Core.Strapi,
  uid: string,
  rows: Array<{ id: number; links?: Links }>
) => {
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row.links ?? {})))];
  if (fields.length === 0) return;
  await strapi.db.transaction(async ({ trx }) => {
    for (const field of fields) {
      await insertJoinRows(
        strapi,
        trx,
        linkTableOf(strapi, uid, field),
        rows.map((row) => ({ id: row.id, targets: row.links?.[field] }))
      );
    }
  });
};

const insertJoinRows = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  joinTable: LinkTable,
  rows: Array<{ id: number; targets: Links[string] }>
) => {
  const { name, joinColumn, inverseJoinColumn, orderColumnName, inverseOrderColumnName } =
    joinTable;
  const links: Array<Record<string, number>> = rows.flatMap(({ id, targets }) =>
    (Array.isArray(targets) ? targets : [targets])
      .filter((target): target is number => target !== null && target !== undefined)
      .map((target, position) => ({
        [joinColumn.name]: id,
        [inverseJoinColumn.name]: target,
        ...(orderColumnName ? { [orderColumnName]: position + 1 } : {}),
      }))
  );
  if (links.length === 0) return;
  if (inverseOrderColumnName) {
    const next = new Map<number, number>();
    for (const chunk of chunksOf(
      [...new Set(links.map((link) => link[inverseJoinColumn.name] as number))],
      500
    )) {
      const maxima: Array<{ target: number; max: number | null }> = await inSchema(
        strapi,
        trx,
        name
      )
        .select(`${inverseJoinColumn.name} as target`)
        .max(`${inverseOrderColumnName} as max`)
        .whereIn(inverseJoinColumn.name, chunk)
        .groupBy(inverseJoinColumn.name);
      for (const { target, max } of maxima) next.set(Number(target), Number(max ?? 0));
    }
    for (const link of links) {
      const position = (next.get(link[inverseJoinColumn.name]) ?? 0) + 1;
      next.set(link[inverseJoinColumn.name], position);
      link[inverseOrderColumnName] = position;
    }
  }
  for (const chunk of chunksOf(links, batchInsertSize(strapi)))
    await inSchema(strapi, trx, name).insert(chunk);
};

/** A value as its attribute's column holds it: JSON serialized, as Strapi's query engine writes it. */
const columnValue = (attribute: { type: string }, value: unknown) =>
  attribute.type === 'json' && value !== null && value !== undefined
    ? JSON.stringify(value)
    : value;

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

type RowUpdate = { id: number; data: Record<string, unknown> };

/** A set of rows of `uid` to update by id, each with its own values, where they also meet `where`. */
export type RowUpdates = { uid: string; rows: RowUpdate[]; where?: Record<string, unknown> };

/**
 * The statements of `updateEach`: one `UPDATE … FROM (VALUES …) … RETURNING id` per set
 * of attributes written.
 */
const updateStatements = (
  strapi: Core.Strapi,
  { uid, rows, where = {} }: RowUpdates
): Array<{ sql: string; bindings: unknown[] }> => {
  const tableName = tableOf(strapi, uid);
  const schema = strapi.db.getSchemaName();
  const postgres = strapi.db.dialect.client === 'postgres';
  // PostgreSQL types the values of a VALUES list from what they hold: say it for each.
  const typed = (type: string | undefined) => (postgres && type ? `cast(? as ${type})` : '?');
  const conditions = Object.entries(where).map(([name, value]) => ({
    attribute: columnOf(strapi, uid, name),
    value,
  }));
  return groupBy(rows, (row) => Object.keys(row.data).sort().join(',')).map((group) => {
    const names = Object.keys(group[0].data).sort();
    const attributes = names.map((name) => columnOf(strapi, uid, name));
    // Each tuple: the id, the values written, then the values `where` asks for. Joined
    // per row, the conditions cannot lead the planner away from the primary key (e.g. to
    // an index on a status whose statistics say it is rare).
    const tuple = `(${[typed('integer'), ...[...attributes, ...conditions.map(({ attribute }) => attribute)].map((attribute) => typed(POSTGRES_TYPES[attribute.type]))].join(', ')})`;
    const bindings: unknown[] = [schema ? `${schema}.${tableName}` : tableName];
    attributes.forEach((attribute, index) =>
      bindings.push(attribute.columnName, `v.column${index + 2}`)
    );
    for (const row of group)
      bindings.push(
        row.id,
        ...names.map((name, index) => columnValue(attributes[index], row.data[name])),
        ...conditions.map(({ attribute, value }) => columnValue(attribute, value))
      );
    conditions.forEach(({ attribute }, index) =>
      bindings.push(`r.${attribute.columnName}`, `v.column${attributes.length + index + 2}`)
    );
    const sql =
      `update ?? as r set ${attributes.map(() => '?? = ??').join(', ')} ` +
      `from (values ${group.map(() => tuple).join(', ')}) as v where r.id = v.column1${conditions.map(() => ' and ?? = ??').join('')} returning id`;
    return { sql, bindings };
  });
};

/** The rows of a raw statement's RETURNING: knex gives PostgreSQL's result object, SQLite's rows. */
type RawResult = Array<Record<string, unknown>> | { rows: Array<Record<string, unknown>> };

const returnedIds = (result: RawResult): Array<Record<string, unknown>> =>
  Array.isArray(result) ? result : result.rows;

/**
 * Updates rows of `uid` by id, each with its own values (attribute names of `uid`), in
 * one statement per set of attributes written (`UPDATE … FROM (VALUES …)`, on SQLite and
 * PostgreSQL alike): what an UPDATE per row would write, without a statement per row.
 * Rows must also meet `where` (attribute → value); returns the ids updated. Runs on
 * `knex` (a transaction, or the connection).
 */
export const updateEach = async (
  strapi: Core.Strapi,
  knex: Knex,
  uid: string,
  rows: RowUpdate[],
  where: Record<string, unknown> = {}
): Promise<Set<number>> => {
  const updated = new Set<number>();
  for (const { sql, bindings } of updateStatements(strapi, { uid, rows, where })) {
    for (const row of returnedIds(await knex.raw<RawResult>(sql, bindings)))
      updated.add(Number(row.id));
  }
  return updated;
};

/**
 * Several `updateEach` at once, all or none, on rows that are not in two of them: on
 * PostgreSQL one statement (each update in a `WITH`, a round trip where a transaction
 * took one per update and two more for BEGIN and COMMIT); on SQLite, which runs in
 * the process, one transaction. Either joins the caller's transaction, if any. Returns
 * the ids each one updated.
 */
export const updateEachAtOnce = async (
  strapi: Core.Strapi,
  updates: RowUpdates[]
): Promise<Array<Set<number>>> => {
  const updated = updates.map(() => new Set<number>());
  if (strapi.db.dialect.client !== 'postgres') {
    await strapi.db.transaction(async ({ trx }) => {
      for (const [index, update] of updates.entries())
        updated[index] = await updateEach(strapi, trx, update.uid, update.rows, update.where);
    });
    return updated;
  }
  const statements = updates.flatMap((update, index) =>
    updateStatements(strapi, update).map((statement) => ({ ...statement, index }))
  );
  if (statements.length === 0) return updated;
  const sql =
    `with ${statements.map(({ sql }, position) => `u${position} as (${sql})`).join(', ')} ` +
    statements
      .map(({ index }, position) => `select ${index} as update_index, id from u${position}`)
      .join(' union all ');
  const result = await execute<RawResult>(
    strapi,
    strapi.db.connection.raw(
      sql,
      statements.flatMap(({ bindings }) => bindings)
    )
  );
  for (const row of returnedIds(result)) updated[Number(row.update_index)].add(Number(row.id));
  return updated;
};
