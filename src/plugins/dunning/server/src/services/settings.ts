import type { Core } from '@strapi/strapi';
import { parseOrThrow } from '../utils/errors';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../validation/settings';

const CACHE_MS = 5000;

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

  // Every message and every case sync reads the settings: they are kept for a few
  // seconds, and at once when changed here (another instance's change shows within the TTL).
  let cached: { value: Settings; until: number } | null = null;

  return {
    async get(): Promise<Settings> {
      if (cached && cached.until > Date.now()) return cached.value;
      const value = merge(DEFAULT_SETTINGS, ((await store().get({})) ?? {}) as Partial<Settings>);
      cached = { value, until: Date.now() + CACHE_MS };
      return value;
    },

    /** Validates the whole result: a bad field gets a 400 naming it, and nothing is stored. */
    async update(input: unknown): Promise<Settings> {
      cached = null;
      const next = parseOrThrow<Settings>(settingsSchema, merge(await this.get(), (input ?? {}) as Partial<Settings>));
      await store().set({ value: next });
      cached = { value: next, until: Date.now() + CACHE_MS };
      return next;
    },
  };
};
