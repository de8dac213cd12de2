import type { Core } from '@strapi/strapi';

import type { ScenarioStep } from '../domain/schedule';
import { withTemplateById } from './templates';

/** The scenarios (plugin::dunning.scenario), read with their broken-promise template. */

const UID = 'plugin::dunning.scenario';

type Entity = Record<string, any>;

/** Scenarios are read with their broken-promise template. */
const populate = {
  brokenPromiseTemplate: { fields: ['documentId', 'name', 'channel', 'type'] },
} as any;

export const scenarioRepository = (strapi: Core.Strapi) => {
  const documents = () => strapi.documents(UID as any);

  const first = async (filters: Entity, withTemplate = true): Promise<Entity | null> => {
    const [scenario] = await documents().findMany({
      filters,
      ...(withTemplate ? { populate } : {}),
      limit: 1,
    });
    return scenario ?? null;
  };

  return {
    async list(): Promise<Entity[]> {
      return documents().findMany({
        sort: ['isDefault:desc', 'name:asc'] as any,
        populate,
        limit: 200,
      });
    },

    async findOne(documentId: string): Promise<Entity | null> {
      return documents().findOne({ documentId, populate });
    },

    /** The default scenario; `withTemplate` reads its broken-promise template too. */
    findDefault: (withTemplate = false) => first({ isDefault: true }, withTemplate),

    findPredefined: () => first({ isPredefined: true }, false),

    /** The row id of a scenario, null when there is none with this documentId. */
    async idOf(documentId: string): Promise<number | null> {
      const row = (await strapi.db
        .query(UID as any)
        .findOne({ where: { documentId }, select: ['id'] })) as { id: number } | null;
      return row?.id ?? null;
    },

    /** Every scenario's steps, by id, for a planning round, a re-sync or a forecast. */
    async forPlanning(): Promise<
      Array<{ id: number; documentId: string; steps: ScenarioStep[]; isDefault: boolean }>
    > {
      return strapi.db
        .query(UID as any)
        .findMany({ select: ['id', 'documentId', 'steps', 'isDefault'] });
    },

    async create(data: Entity, withTemplate = true): Promise<Entity> {
      return documents().create({
        data: (await withTemplateById(strapi, data, 'brokenPromiseTemplate')) as any,
        ...(withTemplate ? { populate } : {}),
      });
    },

    async update(documentId: string, data: Entity): Promise<Entity> {
      return documents().update({
        documentId,
        data: (await withTemplateById(strapi, data, 'brokenPromiseTemplate')) as any,
        populate,
      }) as Promise<Entity>;
    },

    async remove(documentId: string) {
      await documents().delete({ documentId });
    },

    /** Makes one scenario the default, and no other, in one transaction. */
    async makeDefault(documentId: string) {
      await strapi.db.transaction(async () => {
        await strapi.db
          .query(UID as any)
          .updateMany({ where: { isDefault: true }, data: { isDefault: false } });
        await documents().update({ documentId, data: { isDefault: true } as any });
      });
    },
  };
};
