import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from '../config/plugin-config';
import { publicUrlProblem } from '../domain/public-url';
import type services from '../services';

/** The config's accessor, for the code above data access (repositories import it from config/). */
export { getPluginConfig, getPluginConfigInput } from '../config/plugin-config';

type Services = typeof services;
export type ServiceName = keyof Services;
export type PluginService<N extends ServiceName> = ReturnType<Services[N]>;

/** The plugin's services, typed. */
export const getPluginService = <N extends ServiceName>(
  strapi: Core.Strapi,
  name: N
): PluginService<N> => strapi.plugin(PLUGIN_ID).service(name) as PluginService<N>;

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
