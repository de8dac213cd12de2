import type { Core } from '@strapi/strapi';

import {
  DEFAULT_SETTINGS,
  type Settings,
  settingsSchema,
} from '../../../shared/contracts/settings';
import { parseOrThrow } from '../utils/errors';

const CACHE_MS = 5000;
const WHOLE_VALUES = new Set(['automatic.sender', 'senderNotices.byUser']);

const isGroup = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The plugin's settings in Strapi's plugin store, merged group by group over the defaults. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'dunning', key: 'settings' });

  /**
   * Groups (automatic, company, …) and their own groups merge field by field; lists, and
   * the values that stand as a whole (the sender choice, the notice modes), are replaced.
   */
  const merge = <T>(base: T, patch: unknown, path = ''): T => {
    if (!isGroup(base) || !isGroup(patch) || WHOLE_VALUES.has(path))
      return (patch === undefined ? base : patch) as T;
    const merged: Record<string, unknown> = { ...base };
    for (const [key, change] of Object.entries(patch))
      merged[key] = key in base ? merge(base[key], change, path ? `${path}.${key}` : key) : change;
    return merged as T;
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
      const next = parseOrThrow(
        settingsSchema,
        merge(await this.get(), (input ?? {}) as Partial<Settings>)
      );
      await store().set({ value: next });
      cached = { value: next, until: Date.now() + CACHE_MS };
      return next;
    },
  };
};
