import type { Core } from '@strapi/strapi';
import { parseOrThrow } from '../utils/errors';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../validation/settings';

/** The plugin's settings in Strapi's plugin store, merged group by group over the defaults. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'dunning', key: 'settings' });

  const merge = (base: Settings, patch: Partial<Settings>): Settings => ({
    ...base,
    ...patch,
    automatic: { ...base.automatic, ...(patch.automatic ?? {}) },
    tracking: { ...base.tracking, ...(patch.tracking ?? {}) },
    company: { ...base.company, ...(patch.company ?? {}) },
  });

  return {
    async get(): Promise<Settings> {
      return merge(DEFAULT_SETTINGS, ((await store().get({})) ?? {}) as Partial<Settings>);
    },

    /** Validates the whole result: a bad field gets a 400 naming it, and nothing is stored. */
    async update(input: unknown): Promise<Settings> {
      const next = parseOrThrow<Settings>(settingsSchema, merge(await this.get(), (input ?? {}) as Partial<Settings>));
      await store().set({ value: next });
      return next;
    },
  };
};
