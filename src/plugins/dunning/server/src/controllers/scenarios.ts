import type { Core } from '@strapi/strapi';

import {
  assignSchema,
  customerScenarioSchema,
  forecastChangeSchema,
  scenarioSchema,
} from '../../../shared/contracts/scenarios';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const scenarios = () => getPluginService(strapi, 'scenarios');

  return {
    async find(ctx) {
      ctx.body = { data: await scenarios().list() };
    },

    async findOne(ctx) {
      ctx.body = { data: await scenarios().findOne(ctx.params.documentId) };
    },

    async create(ctx) {
      const input = parseOrThrow(scenarioSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await scenarios().create(input) };
    },

    async update(ctx) {
      const input = parseOrThrow(scenarioSchema, ctx.request.body);
      ctx.body = { data: await scenarios().update(ctx.params.documentId, input) };
    },

    async delete(ctx) {
      ctx.body = { data: await scenarios().remove(ctx.params.documentId) };
    },

    async reset(ctx) {
      ctx.body = { data: await scenarios().resetDefault() };
    },

    /** What saving these steps would change in the coming days (SPEC F4.7), shown before saving. */
    async forecastChange(ctx) {
      const { steps, days } = parseOrThrow(forecastChangeSchema, ctx.request.body);
      ctx.body = {
        data: await getPluginService(strapi, 'forecast').scenarioChange({
          scenarioDocumentId: ctx.params.documentId,
          steps,
          days,
        }),
      };
    },

    /** Customers without a scenario of their own follow this one from now on. */
    async makeDefault(ctx) {
      ctx.body = { data: await scenarios().makeDefault(ctx.params.documentId) };
    },

    /** One customer's scenario: a given one, or back to the default (null). */
    async assignOne(ctx) {
      const { scenarioDocumentId } = parseOrThrow(customerScenarioSchema, ctx.request.body);
      ctx.body = {
        data: await scenarios().assign(scenarioDocumentId, [ctx.params.customerDocumentId]),
      };
    },

    /** Customers follow this scenario from now on. */
    async assign(ctx) {
      const { customerDocumentIds } = parseOrThrow(assignSchema, ctx.request.body);
      ctx.body = { data: await scenarios().assign(ctx.params.documentId, customerDocumentIds) };
    },
  } satisfies Core.Controller;
};
