import type { Core } from '@strapi/strapi';
import { parseOrThrow } from '../utils/errors';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../validation/settings';

const isGroup = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The plugin's settings in Strapi's plugin store, merged group by group over the defaults. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'dunning', key: 'settings' });

  /** Each settings group (automatic, company, …) merges field by field. */
  const merge = (base: Settings, patch: Partial<Settings>): Settings => {
    const merged: Record<string, unknown> = { ...base, ...patch };
    for (const [key, value] of Object.entries(base)) {
      const change = (patch as Record<string, unknown>)[key];
      if (isGroup(value) && isGroup(change)) merged[key] = { ...value, ...change };
    }
    return merged as Settings;
  };

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
