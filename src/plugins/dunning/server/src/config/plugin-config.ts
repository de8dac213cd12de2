import type { Core } from '@strapi/strapi';

import { type PluginConfig, type PluginConfigInput, resolvePluginConfig } from './index';

/**
 * The plugin's config as the rest of the server reads it. It imports only `config/`, so
 * that data access (repositories) reads the config without reaching the services'
 * registry (test/unit/layout.test.ts).
 */

export const PLUGIN_ID = 'dunning';

/** The plugin's config as `config/plugins.ts` writes it (its validator has checked the shape). */
export const getPluginConfigInput = (strapi: Core.Strapi): PluginConfigInput =>
  strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfigInput;

/** The plugin's config from `config/plugins.ts`, merged over the defaults (config/index.ts). */
export const getPluginConfig = (strapi: Core.Strapi): PluginConfig =>
  resolvePluginConfig(getPluginConfigInput(strapi));
