import type { Core } from '@strapi/strapi';

import type { ScenarioInput, ScenarioStepInput } from '../../../shared/contracts/scenarios';
import { scenarioRepository } from '../repositories/scenarios';
import { templateRepository } from '../repositories/templates';
import { type FieldProblem, invalidInput, notFound } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

/**
 * Scenarios (SPEC F4.1): ordered steps relative to the due date. One is predefined,
 * built from the predefined templates and restorable with reset; one (the predefined
 * one unless another is chosen) is the default, followed by every customer without a
 * scenario of its own.
 */

/** The default scenario: predefined template keys, for the language given. */
const DEFAULT_STEPS: Array<
  Omit<ScenarioStepInput, 'templateDocumentId' | 'attachStatement'> & { kind: string }
> = [
  { offsetDays: -5, channel: 'email', kind: 'pre-due', level: 'Pre-due notice' },
  { offsetDays: 3, channel: 'email', kind: 'reminder-1', level: 'Reminder 1' },
  { offsetDays: 15, channel: 'email', kind: 'reminder-2', level: 'Reminder 2' },
  { offsetDays: 30, channel: 'letter', kind: 'final-notice', level: 'Final notice' },
  { offsetDays: 40, channel: 'phone', kind: 'final-notice', level: 'Call' },
];

/** The stored form of a scenario: its broken-promise template as a relation. */
const dataOf = ({ brokenPromiseTemplateDocumentId, ...input }: ScenarioInput) =>
  brokenPromiseTemplateDocumentId === undefined
    ? input
    : { ...input, brokenPromiseTemplate: brokenPromiseTemplateDocumentId };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const scenarios = () => scenarioRepository(strapi);
  const templates = () => templateRepository(strapi);

  /** Each step's template must exist and be of the step's channel; a broken-promise template must exist. */
  const checkTemplates = async ({ steps, brokenPromiseTemplateDocumentId }: ScenarioInput) => {
    const ids = [
      ...new Set([
        ...steps.map((step) => step.templateDocumentId),
        ...(brokenPromiseTemplateDocumentId ? [brokenPromiseTemplateDocumentId] : []),
      ]),
    ];
    const channels = await templates().channelsOf(ids);
    const problems: FieldProblem[] = [];
    steps.forEach((step, index) => {
      const channel = channels.get(step.templateDocumentId);
      const path = `steps.${index}.templateDocumentId`;
      if (!channel)
        problems.push({ path, message: `template ${step.templateDocumentId} does not exist` });
      else if (channel !== step.channel)
        problems.push({ path, message: `is a ${channel} template, the step is ${step.channel}` });
    });
    if (brokenPromiseTemplateDocumentId && !channels.has(brokenPromiseTemplateDocumentId)) {
      problems.push({
        path: 'brokenPromiseTemplateDocumentId',
        message: `template ${brokenPromiseTemplateDocumentId} does not exist`,
      });
    }
    if (problems.length) throw invalidInput(problems);
  };

  const defaultSteps = async (): Promise<ScenarioStepInput[]> => {
    const byKey = new Map(
      (await templates().predefined('fr')).map((template) => [
        template.predefinedKey,
        template.documentId,
      ])
    );
    return DEFAULT_STEPS.map(({ kind, ...step }) => ({
      ...step,
      attachStatement: false,
      templateDocumentId: byKey.get(`${kind}.${step.channel}.fr`)!,
    }));
  };

  return {
    async list() {
      return scenarios().list();
    },

    async findOne(documentId: string) {
      const scenario = await scenarios().findOne(documentId);
      if (!scenario) throw notFound('Scenario');
      return scenario;
    },

    /** The scenario a customer follows: its own, or the default one; with its broken-promise template. */
    async followedBy(customer: { scenarioDocumentId: string | null }) {
      const own = customer.scenarioDocumentId
        ? await scenarios().findOne(customer.scenarioDocumentId)
        : null;
      return own ?? scenarios().findDefault(true);
    },

    async findDefault() {
      return scenarios().findDefault();
    },

    async create(input: ScenarioInput) {
      await checkTemplates(input);
      return scenarios().create({ ...dataOf(input), isDefault: false });
    },

    /** Saves a scenario; the open invoices that follow it are re-planned on its new steps (SPEC F4.7). */
    async update(documentId: string, input: ScenarioInput) {
      const { steps: before } = await this.findOne(documentId);
      await checkTemplates(input);
      const saved = await scenarios().update(documentId, dataOf(input));
      const { replanned } = await getPluginService(strapi, 'cases').replanFollowers(saved!, before);
      return { ...saved, replanned };
    },

    async remove(documentId: string) {
      const scenario = await this.findOne(documentId);
      if (scenario.isDefault)
        throw invalidInput([
          {
            path: 'documentId',
            message: 'the default scenario cannot be deleted; make another one the default first',
          },
        ]);
      if (scenario.isPredefined)
        throw invalidInput([
          {
            path: 'documentId',
            message: 'the predefined scenario cannot be deleted; reset it instead',
          },
        ]);
      await scenarios().remove(documentId);
      return { documentId };
    },

    async findPredefined() {
      return scenarios().findPredefined();
    },

    /** Creates the predefined scenario, the default, on first start (after the predefined templates). */
    async ensureDefault() {
      if (await this.findPredefined()) return;
      const current = await this.findDefault();
      await scenarios().create(
        {
          name: 'Default scenario',
          description: 'Built from the predefined templates.',
          isDefault: !current,
          isPredefined: true,
          steps: await defaultSteps(),
        },
        false
      );
    },

    /** Puts the predefined scenario's steps back to the predefined templates. */
    async resetDefault() {
      const scenario = await this.findPredefined();
      if (!scenario) return this.ensureDefault().then(() => this.findPredefined());
      const saved = await scenarios().update(scenario.documentId, { steps: await defaultSteps() });
      await getPluginService(strapi, 'cases').replanFollowers(saved!, scenario.steps);
      return saved;
    },

    /** Makes a scenario the one followed by customers without their own; their cases follow it from their first step. */
    async makeDefault(documentId: string) {
      const scenario = await this.findOne(documentId);
      const previous = await this.findDefault();
      if (previous?.documentId === documentId) return scenario;
      await scenarios().makeDefault(documentId);
      if (previous) await getPluginService(strapi, 'cases').syncFollowers(previous.documentId);
      return this.findOne(documentId);
    },

    /** Gives customers this scenario (null: back to the default). */
    async assign(scenarioDocumentId: string | null, customerDocumentIds: string[]) {
      if (scenarioDocumentId) await this.findOne(scenarioDocumentId);
      await getPluginService(strapi, 'receivables').assignScenario(
        customerDocumentIds,
        scenarioDocumentId
      );
      return { customers: customerDocumentIds.length };
    },
  };
};
