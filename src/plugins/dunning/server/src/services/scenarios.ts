import type { Core } from '@strapi/strapi';
import { invalidInput, notFound, type FieldProblem } from '../utils/errors';
import { getPluginService } from '../utils/plugin';
import type { ScenarioInput, ScenarioStepInput } from '../validation/scenario';

/**
 * Scenarios (SPEC F4.1): ordered steps relative to the due date. One is predefined,
 * built from the predefined templates and restorable with reset; one (the predefined
 * one unless another is chosen) is the default, followed by every customer without a
 * scenario of its own.
 */

const UID = 'plugin::dunning.scenario';

/** The default scenario: predefined template keys, for the language given. */
const DEFAULT_STEPS: Array<Omit<ScenarioStepInput, 'templateDocumentId'> & { kind: string }> = [
  { offsetDays: -5, channel: 'email', kind: 'pre-due', level: 'Pre-due notice' },
  { offsetDays: 3, channel: 'email', kind: 'reminder-1', level: 'Reminder 1' },
  { offsetDays: 15, channel: 'email', kind: 'reminder-2', level: 'Reminder 2' },
  { offsetDays: 30, channel: 'letter', kind: 'final-notice', level: 'Final notice' },
  { offsetDays: 40, channel: 'phone', kind: 'final-notice', level: 'Call' },
];

/** The stored form of a scenario: its broken-promise template as a relation. */
const dataOf = ({ brokenPromiseTemplateDocumentId, ...input }: ScenarioInput) =>
  brokenPromiseTemplateDocumentId === undefined ? input : { ...input, brokenPromiseTemplate: brokenPromiseTemplateDocumentId };

/** Scenarios are read with their broken-promise template. */
const populate = { brokenPromiseTemplate: { fields: ['documentId', 'name', 'channel', 'type'] } } as any;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID as any);
  const templates = () => strapi.documents('plugin::dunning.template' as any);

  /** Each step's template must exist and be of the step's channel; a broken-promise template must exist. */
  const checkTemplates = async ({ steps, brokenPromiseTemplateDocumentId }: ScenarioInput) => {
    const ids = [...new Set([...steps.map((step) => step.templateDocumentId), ...(brokenPromiseTemplateDocumentId ? [brokenPromiseTemplateDocumentId] : [])])];
    const found = await templates().findMany({ filters: { documentId: { $in: ids } }, fields: ['channel'], limit: ids.length });
    const channels = new Map(found.map((template: any) => [template.documentId, template.channel]));
    const problems: FieldProblem[] = [];
    steps.forEach((step, index) => {
      const channel = channels.get(step.templateDocumentId);
      const path = `steps.${index}.templateDocumentId`;
      if (!channel) problems.push({ path, message: `template ${step.templateDocumentId} does not exist` });
      else if (channel !== step.channel) problems.push({ path, message: `is a ${channel} template, the step is ${step.channel}` });
    });
    if (brokenPromiseTemplateDocumentId && !channels.has(brokenPromiseTemplateDocumentId)) {
      problems.push({ path: 'brokenPromiseTemplateDocumentId', message: `template ${brokenPromiseTemplateDocumentId} does not exist` });
    }
    if (problems.length) throw invalidInput(problems);
  };

  const defaultSteps = async (): Promise<ScenarioStepInput[]> => {
    const predefined = await templates().findMany({ filters: { isPredefined: true, locale: 'fr' }, fields: ['predefinedKey'], limit: 100 });
    const byKey = new Map(predefined.map((template: any) => [template.predefinedKey, template.documentId]));
    return DEFAULT_STEPS.map(({ kind, ...step }) => ({ ...step, templateDocumentId: byKey.get(`${kind}.${step.channel}.fr`)! }));
  };

  return {
    async list() {
      return documents().findMany({ sort: ['isDefault:desc', 'name:asc'] as any, populate, limit: 200 });
    },

    async findOne(documentId: string) {
      const scenario = await documents().findOne({ documentId, populate });
      if (!scenario) throw notFound('Scenario');
      return scenario;
    },

    /** The scenario a customer follows: its own, or the default one; with its broken-promise template. */
    async followedBy(customer: { scenarioDocumentId: string | null }) {
      const own = customer.scenarioDocumentId ? await documents().findOne({ documentId: customer.scenarioDocumentId, populate }) : null;
      if (own) return own;
      const [fallback] = await documents().findMany({ filters: { isDefault: true }, populate, limit: 1 });
      return fallback ?? null;
    },

    async findDefault() {
      const [scenario] = await documents().findMany({ filters: { isDefault: true }, limit: 1 });
      return scenario ?? null;
    },

    async create(input: ScenarioInput) {
      await checkTemplates(input);
      return documents().create({ data: { ...dataOf(input), isDefault: false } as any, populate });
    },

    /** Saves a scenario; the open invoices that follow it are re-planned on its new steps (SPEC F4.7). */
    async update(documentId: string, input: ScenarioInput) {
      const { steps: before } = await this.findOne(documentId);
      await checkTemplates(input);
      const saved = await documents().update({ documentId, data: dataOf(input) as any, populate });
      const { replanned } = await getPluginService(strapi, 'cases').replanFollowers(saved as any, before);
      return { ...saved, replanned };
    },

    async remove(documentId: string) {
      const scenario = await this.findOne(documentId);
      if (scenario.isDefault) throw invalidInput([{ path: 'documentId', message: 'the default scenario cannot be deleted; make another one the default first' }]);
      if (scenario.isPredefined) throw invalidInput([{ path: 'documentId', message: 'the predefined scenario cannot be deleted; reset it instead' }]);
      await documents().delete({ documentId });
      return { documentId };
    },

    async findPredefined() {
      const [scenario] = await documents().findMany({ filters: { isPredefined: true }, limit: 1 });
      return scenario ?? null;
    },

    /** Creates the predefined scenario, the default, on first start (after the predefined templates). */
    async ensureDefault() {
      if (await this.findPredefined()) return;
      const current = await this.findDefault();
      await documents().create({
        data: { name: 'Default scenario', description: 'Built from the predefined templates.', isDefault: !current, isPredefined: true, steps: await defaultSteps() } as any,
      });
    },

    /** Puts the predefined scenario's steps back to the predefined templates. */
    async resetDefault() {
      const scenario = await this.findPredefined();
      if (!scenario) return this.ensureDefault().then(() => this.findPredefined());
      const saved = await documents().update({ documentId: scenario.documentId, data: { steps: await defaultSteps() } as any, populate });
      await getPluginService(strapi, 'cases').replanFollowers(saved as any, scenario.steps);
      return saved;
    },

    /** Makes a scenario the one followed by customers without their own; their cases follow it from their first step. */
    async makeDefault(documentId: string) {
      const scenario = await this.findOne(documentId);
      const previous = await this.findDefault();
      if (previous?.documentId === documentId) return scenario;
      await strapi.db.transaction(async () => {
        await strapi.db.query(UID as any).updateMany({ where: { isDefault: true }, data: { isDefault: false } });
        await documents().update({ documentId, data: { isDefault: true } as any });
      });
      if (previous) await getPluginService(strapi, 'cases').syncFollowers(previous.documentId);
      return this.findOne(documentId);
    },

    /** Gives customers this scenario (null: back to the default). */
    async assign(scenarioDocumentId: string | null, customerDocumentIds: string[]) {
      if (scenarioDocumentId) await this.findOne(scenarioDocumentId);
      await getPluginService(strapi, 'receivables').assignScenario(customerDocumentIds, scenarioDocumentId);
      return { customers: customerDocumentIds.length };
    },
  };
};
