import type { Core } from '@strapi/strapi';

import type { MappedEntity } from '../../domain/records';
import { linkTableOf, type SqlQuery } from './typed-strapi';

/**
 * Reading an entity and its to-one relations in one statement of left joins, from
 * Strapi's database metadata (columns, link tables, join columns, media morph tables),
 * where a populate runs one query per relation. The rows come back as Strapi would
 * give them: entities keyed by attribute name, with `id` and `documentId`.
 */

/** What to read of one entity: its alias in the statement, its scalar attributes, its to-one relations. */
export type EntityRead = {
  alias: string;
  scalars: string[];
  relations: Array<{ attribute: string; read: EntityRead }>;
};

type Meta = ReturnType<Core.Strapi['db']['metadata']['get']>;

/** The name Strapi's morph tables give the attribute a media link belongs to. */
const MORPH_FIELD_COLUMN = 'field';

const columnOf = (meta: Meta, attribute: string): string => {
  const found = meta.attributes[attribute];
  return (found && 'columnName' in found ? found.columnName : undefined) ?? attribute;
};

const output = (alias: string, attribute: string) => `${alias}__${attribute}`;

/** The relation `attribute` of `meta`; anything else is a programming error. */
const relationOf = (meta: Meta, attribute: string) => {
  const relation = meta.attributes[attribute];
  if (relation?.type !== 'relation' || !('target' in relation))
    throw new Error(`${meta.uid}.${attribute} is not a relation to a content type`);
  return relation;
};

/** Left-joins `attribute` of the entity at `owner` as `alias`: a join column, a link table, or a media's morph table. */
const joinRelation = (
  strapi: Core.Strapi,
  query: SqlQuery,
  owner: { alias: string; uid: string; meta: Meta },
  attribute: string,
  alias: string
): { uid: string; meta: Meta } => {
  const relation = relationOf(owner.meta, attribute);
  const uid: string = relation.target;
  const meta = strapi.db.metadata.get(uid);
  if ('joinColumn' in relation && relation.joinColumn) {
    query.leftJoin(
      `${meta.tableName} as ${alias}`,
      `${alias}.${relation.joinColumn.referencedColumn}`,
      `${owner.alias}.${relation.joinColumn.name}`
    );
  } else if ('morphBy' in relation && relation.morphBy) {
    // Media: the file's morph table names the owner's type and attribute beside its id.
    const morphed = meta.attributes[relation.morphBy];
    const morph = morphed && 'joinTable' in morphed ? morphed.joinTable : undefined;
    if (!morph || !('morphColumn' in morph))
      throw new Error(`${uid}.${relation.morphBy} is not a morph relation`);
    const link = `${alias}_lnk`;
    query
      .leftJoin(`${morph.name} as ${link}`, (on) =>
        on
          .on(`${link}.${morph.morphColumn.idColumn.name}`, `${owner.alias}.id`)
          .andOnVal(`${link}.${morph.morphColumn.typeColumn.name}`, owner.uid)
          .andOnVal(`${link}.${MORPH_FIELD_COLUMN}`, attribute)
      )
      .leftJoin(`${meta.tableName} as ${alias}`, `${alias}.id`, `${link}.${morph.joinColumn.name}`);
  } else {
    const link = linkTableOf(strapi, owner.uid, attribute);
    query
      .leftJoin(
        `${link.name} as ${alias}_lnk`,
        `${alias}_lnk.${link.joinColumn.name}`,
        `${owner.alias}.${link.joinColumn.referencedColumn}`
      )
      .leftJoin(
        `${meta.tableName} as ${alias}`,
        `${alias}.${link.inverseJoinColumn.referencedColumn}`,
        `${alias}_lnk.${link.inverseJoinColumn.name}`
      );
  }
  return { uid, meta };
};

const selectEntity = (
  strapi: Core.Strapi,
  query: SqlQuery,
  read: EntityRead,
  uid: string,
  meta: Meta
) => {
  query.select(
    `${read.alias}.id as ${output(read.alias, 'id')}`,
    `${read.alias}.document_id as ${output(read.alias, 'documentId')}`
  );
  for (const scalar of read.scalars)
    query.select(`${read.alias}.${columnOf(meta, scalar)} as ${output(read.alias, scalar)}`);
  for (const { attribute, read: child } of read.relations) {
    const target = joinRelation(
      strapi,
      query,
      { alias: read.alias, uid, meta },
      attribute,
      child.alias
    );
    selectEntity(strapi, query, child, target.uid, target.meta);
  }
};

/**
 * Selects the content type `uid` as `read.alias` on `rows` (a query of its table under
 * that alias), with the relations of `read` joined; add where, order and limit.
 */
export const selectJoined = (
  strapi: Core.Strapi,
  rows: SqlQuery,
  uid: string,
  read: EntityRead
): SqlQuery => {
  selectEntity(strapi, rows, read, uid, strapi.db.metadata.get(uid));
  return rows;
};

/** The entity of `read` in a row of selectJoined; null when the relation was empty. */
export const entityOf = (row: Record<string, unknown>, read: EntityRead): MappedEntity | null => {
  const id = row[output(read.alias, 'id')];
  if (id === null || id === undefined) return null;
  const entity: MappedEntity = {
    id: Number(id),
    documentId: row[output(read.alias, 'documentId')] as string,
  };
  for (const scalar of read.scalars) entity[scalar] = row[output(read.alias, scalar)];
  for (const { attribute, read: child } of read.relations) entity[attribute] = entityOf(row, child);
  return entity;
};
