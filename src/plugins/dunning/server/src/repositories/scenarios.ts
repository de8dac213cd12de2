import type { Core } from '@strapi/strapi';

import { SCENARIO_UID } from '../content-types/uids';
import type { ScenarioRecord } from '../domain/records';
import { documentsOf, queryOf } from './sql/typed-strapi';
import { withTemplateById } from './templates';

/** The scenarios (plugin::dunning.scenario), read with their broken-promise template. */

/** A scenario as written: its fields, its broken-promise template by documentId. */
export type ScenarioData = Partial<
  Omit<ScenarioRecord, 'id' | 'documentId' | 'createdAt' | 'updatedAt' | 'brokenPromiseTemplate'>
> & { brokenPromiseTemplate?: string | null };

/** Scenarios are read with their broken-promise template. */
const populate = {
  brokenPromiseTemplate: { fields: ['documentId', 'name', 'channel', 'type'] },
};

export const scenarioRepository = (strapi: Core.Strapi) => {
  const documents = () => documentsOf<ScenarioRecord>(strapi, SCENARIO_UID);
  const query = () => queryOf<ScenarioRecord>(strapi, SCENARIO_UID);

  const first = async (
    filters: Partial<ScenarioRecord>,
    withTemplate = true
  ): Promise<ScenarioRecord | null> => {
    const [scenario] = await documents().findMany({
      filters,
      ...(withTemplate ? { populate } : {}),
      limit: 1,
    });
    return scenario ?? null;
  };

  return {
    async list(): Promise<ScenarioRecord[]> {
      return documents().findMany({
        sort: ['isDefault:desc', 'name:asc'],
        populate,
        limit: 200,
      });
    },

    async findOne(documentId: string): Promise<ScenarioRecord | null> {
      return documents().findOne({ documentId, populate });
    },

    /** The default scenario; `withTemplate` reads its broken-promise template too. */
    findDefault: (withTemplate = false) => first({ isDefault: true }, withTemplate),

    findPredefined: () => first({ isPredefined: true }, false),

    /** The row id of a scenario, null when there is none with this documentId. */
    async idOf(documentId: string): Promise<number | null> {
      const row = await query().findOne<Pick<ScenarioRecord, 'id'>>({
        where: { documentId },
        select: ['id'],
      });
      return row?.id ?? null;
    },

    /** Every scenario's steps, by id, for a planning round, a re-sync or a forecast. */
    async forPlanning(): Promise<
      Array<Pick<ScenarioRecord, 'id' | 'documentId' | 'steps' | 'isDefault'>>
    > {
      return query().findMany({ select: ['id', 'documentId', 'steps', 'isDefault'] });
    },

    async create(data: ScenarioData, withTemplate = true): Promise<ScenarioRecord> {
      return documents().create({
        data: await withTemplateById(strapi, data, 'brokenPromiseTemplate'),
        ...(withTemplate ? { populate } : {}),
      });
    },

    async update(documentId: string, data: ScenarioData): Promise<ScenarioRecord | null> {
      return documents().update({
        documentId,
        data: await withTemplateById(strapi, data, 'brokenPromiseTemplate'),
        populate,
      });
    },

    async remove(documentId: string) {
      await documents().delete({ documentId });
    },

    /** Makes one scenario the default, and no other, in one transaction. */
    async makeDefault(documentId: string) {
      await strapi.db.transaction(async () => {
        await query().updateMany({ where: { isDefault: true }, data: { isDefault: false } });
        await documents().update({ documentId, data: { isDefault: true } });
      });
    },
  };
};
