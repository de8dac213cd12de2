import type { Core } from '@strapi/strapi';

import { findMappingErrors, type SchemaLookup, unmappedFieldNotices } from '../domain/mapping';
import type { ReceivablesMapping } from '../domain/receivables-mapping';
import { receivablesRepository } from '../repositories/receivables';
import { scenarioRepository } from '../repositories/scenarios';
import { contentTypeOf } from '../repositories/sql/typed-strapi';
import { invalidInput } from '../utils/errors';
import { getPluginConfig, getPluginConfigInput } from '../utils/plugin';

/**
 * The team's invoices, customers and contacts as the plugin sees them (SPEC F1.2): the
 * configured mapping, checked against the content types, over the receivables
 * repository (repositories/receivables/).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const mapping = (): ReceivablesMapping => getPluginConfig(strapi).receivables;
  const repository = receivablesRepository(strapi, mapping);

  return {
    ...repository,

    mapping,

    /** Throws one error listing every mapped field that does not fit the loaded content types. */
    assertMappingIsValid() {
      const lookup: SchemaLookup = (uid) => contentTypeOf(strapi, uid);
      const errors = findMappingErrors(mapping(), lookup);
      if (errors.length > 0) {
        throw new Error(
          `Dunning: the receivables mapping does not match your content types:\n- ${errors.join('\n- ')}`
        );
      }
    },

    /** The startup log's lines on the optional fields a model of the team's own leaves unmapped. */
    unmappedFieldNotices: (): string[] =>
      unmappedFieldNotices(getPluginConfigInput(strapi).receivables ?? {}),

    async findCustomer(documentId: string) {
      const [found] = await repository.findCustomers([documentId]);
      return found ?? null;
    },

    /** Sets (or clears, with null) the scenario of customers. */
    async assignScenario(customerDocumentIds: string[], scenarioDocumentId: string | null) {
      if (!mapping().customer.fields.scenario) {
        throw invalidInput([
          {
            path: 'customerDocumentIds',
            message:
              'the customer model has no scenario field (dunning.receivables.customer.fields.scenario)',
          },
        ]);
      }
      const scenario = scenarioDocumentId
        ? {
            documentId: scenarioDocumentId,
            id: await scenarioRepository(strapi).idOf(scenarioDocumentId),
          }
        : null;
      await repository.assignScenario(customerDocumentIds, scenario);
    },

    /** Whether the mapped invoice model can be flagged disputed (the portal offers disputes only then). */
    canMarkDisputed(): boolean {
      return Boolean(mapping().invoice.fields.disputed);
    },
  };
};
