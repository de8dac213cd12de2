import type { Core, UID } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * Strapi's data layer with the types of the rows the repositories read: the one place
 * where Strapi's typing gaps are bridged, each cast saying which gap. Strapi types a
 * plugin's rows as untyped documents (its schemas are not in the app's generated
 * registry); each repository names the record its content type's schema describes.
 */

export type { Knex };

/** A knex query on the connection or a transaction. */
export type SqlQuery = Knex.QueryBuilder;

type QueryRepository = ReturnType<Core.Strapi['db']['query']>;

/** The query engine's parameters, as Strapi types them. */
export type QueryParams = NonNullable<Parameters<QueryRepository['findMany']>[0]>;
type FindOneParams = NonNullable<Parameters<QueryRepository['findOne']>[0]>;

/**
 * The query engine on rows of type R. A read may name the part of R its `select` and
 * `populate` give (`T`): Strapi's types do not follow them.
 */
export type RowQuery<R> = {
  findOne<T extends Partial<R> = R>(params?: FindOneParams): Promise<T | null>;
  findMany<T extends Partial<R> = R>(params?: QueryParams): Promise<T[]>;
  create(params: QueryParams): Promise<R>;
  createMany(params: QueryParams): Promise<{ count: number; ids: Array<number | string> }>;
  update(params: QueryParams): Promise<R | null>;
  updateMany(params: QueryParams): Promise<{ count: number }>;
  deleteMany(params?: QueryParams): Promise<{ count: number }>;
  count(params?: QueryParams): Promise<number>;
};

/** The query engine (`strapi.db.query`) on the rows of `uid`, typed R: it types every row `any`, which R names. */
export const queryOf = <R>(strapi: Core.Strapi, uid: string): RowQuery<R> => strapi.db.query(uid);

/** What the repositories pass the Document Service. */
export type DocumentParams = {
  documentId?: string;
  filters?: Record<string, unknown>;
  fields?: string[];
  populate?: string[] | Record<string, unknown>;
  sort?: string | string[];
  limit?: number;
  status?: 'draft' | 'published';
  data?: Record<string, unknown>;
};

/** The Document Service on the documents of one type, typed R (a read may name the part of R it selects, `T`). */
export type DocumentsOf<R> = {
  findMany<T extends Partial<R> = R>(params?: DocumentParams): Promise<T[]>;
  findOne<T extends Partial<R> = R>(
    params: DocumentParams & { documentId: string }
  ): Promise<T | null>;
  create(params: DocumentParams & { data: Record<string, unknown> }): Promise<R>;
  update(
    params: DocumentParams & { documentId: string; data: Record<string, unknown> }
  ): Promise<R | null>;
  delete(params: { documentId: string }): Promise<unknown>;
};

/** The Document Service (`strapi.documents`) on the documents of `uid`, typed R. */
export const documentsOf = <R>(strapi: Core.Strapi, uid: string): DocumentsOf<R> =>
  // A plugin's UIDs and a team's mapped ones are not in Strapi's generated `UID.ContentType`
  // union, and the documents it returns for them are untyped: R names what they hold.
  strapi.documents(uid as UID.ContentType) as unknown as DocumentsOf<R>;

/** The loaded schema of the content type `uid`, if there is one. */
export const contentTypeOf = (strapi: Core.Strapi, uid: string) =>
  // `strapi.contentTypes` is keyed by the generated `UID.ContentType` union, which a
  // team's mapped UIDs (plain strings from the plugin's config) are not in.
  strapi.contentTypes[uid as UID.ContentType] as
    (typeof strapi.contentTypes)[UID.ContentType] | undefined;

/**
 * A relation's link table, as Strapi's database metadata describes it: the owner's
 * column, the target's, and the order columns of the relations that keep an order.
 * test/integration/link-tables.test.ts fails if Strapi changes this shape.
 */
export type LinkTable = {
  name: string;
  joinColumn: { name: string; referencedColumn: string };
  inverseJoinColumn: { name: string; referencedColumn: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
};

/** The link table of the relation `attribute` of `uid`; anything else is a programming error. */
export const linkTableOf = (strapi: Core.Strapi, uid: string, attribute: string): LinkTable => {
  const relation = strapi.db.metadata.get(uid)?.attributes[attribute];
  const joinTable =
    relation?.type === 'relation' && 'joinTable' in relation ? relation.joinTable : undefined;
  if (!joinTable || !('inverseJoinColumn' in joinTable))
    throw new Error(`${uid}.${attribute} is not a relation kept in a link table`);
  const { name, joinColumn, inverseJoinColumn, orderColumnName, inverseOrderColumnName } =
    joinTable;
  return {
    name,
    joinColumn: { name: joinColumn.name, referencedColumn: joinColumn.referencedColumn },
    inverseJoinColumn: {
      name: inverseJoinColumn.name,
      referencedColumn: inverseJoinColumn.referencedColumn,
    },
    ...(orderColumnName ? { orderColumnName } : {}),
    ...(inverseOrderColumnName ? { inverseOrderColumnName } : {}),
  };
};

/** The table of `uid`. */
export const tableOf = (strapi: Core.Strapi, uid: string): string =>
  strapi.db.metadata.get(uid).tableName;

/** The column of the attribute `name` of `uid`, and its type; anything else is a programming error. */
export const columnOf = (
  strapi: Core.Strapi,
  uid: string,
  name: string
): { columnName: string; type: string } => {
  const attribute = strapi.db.metadata.get(uid)?.attributes[name];
  const columnName = attribute && 'columnName' in attribute ? attribute.columnName : undefined;
  if (!attribute || !columnName) throw new Error(`${uid}.${name} is not a column`);
  return { columnName, type: attribute.type };
};
