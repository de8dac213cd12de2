import type { Core } from '@strapi/strapi';
import { parseOrThrow } from '../utils/errors';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../validation/settings';

/** The plugin's settings in Strapi's plugin store, merged over the defaults. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'dunning', key: 'settings' });

  return {
    async get(): Promise<Settings> {
      const stored = ((await store().get({})) ?? {}) as Partial<Settings>;
      return { ...DEFAULT_SETTINGS, ...stored, company: { ...DEFAULT_SETTINGS.company, ...(stored.company ?? {}) } };
    },

    async update(input: unknown): Promise<Settings> {
      const current = await this.get();
      const next = parseOrThrow<Settings>(settingsSchema, { ...current, ...(input as object) });
      await store().set({ value: next });
      return next;
    },
  };
};
