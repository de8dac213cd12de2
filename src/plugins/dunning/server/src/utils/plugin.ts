import type { Core } from '@strapi/strapi';

import { type PluginConfig, type PluginConfigInput, resolvePluginConfig } from '../config';
import { publicUrlProblem } from '../domain/public-url';
import type services from '../services';

export const PLUGIN_ID = 'dunning';

type Services = typeof services;
export type ServiceName = keyof Services;
export type PluginService<N extends ServiceName> = ReturnType<Services[N]>;

/** The plugin's services, typed. */
export const getPluginService = <N extends ServiceName>(
  strapi: Core.Strapi,
  name: N
): PluginService<N> => strapi.plugin(PLUGIN_ID).service(name) as PluginService<N>;

/** The plugin's config as `config/plugins.ts` writes it (its validator has checked the shape). */
export const getPluginConfigInput = (strapi: Core.Strapi): PluginConfigInput =>
  strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfigInput;

/** The plugin's config from `config/plugins.ts`, merged over the defaults (config/index.ts). */
export const getPluginConfig = (strapi: Core.Strapi): PluginConfig =>
  resolvePluginConfig(getPluginConfigInput(strapi));

/** An absolute URL of this Strapi for links that leave it (e-mails): `server.url`, else (never in production: assertPublicUrl) http://localhost:1337. */
export const publicUrl = (strapi: Core.Strapi, path: string): string =>
  `${String(strapi.config.get('server.url') || 'http://localhost:1337').replace(/\/+$/, '')}${path}`;

/**
 * In production (NODE_ENV=production) startup refuses a `server.url` customers cannot
 * reach (domain/public-url.ts), naming it, as a missing secret is refused.
 */
export const assertPublicUrl = (strapi: Core.Strapi, nodeEnv = process.env.NODE_ENV) => {
  if (nodeEnv !== 'production') return;
  const problem = publicUrlProblem(strapi.config.get('server.url') as string | undefined);
  if (!problem) return;
  throw new Error(
    `server.url ${problem}: in production the links of every reminder (the customer portal, the open pixel) are written from it. ` +
      "Set it to this Strapi's public address in config/server.ts (e.g. url: env('PUBLIC_URL'), then PUBLIC_URL=https://billing.example.com)."
  );
};
