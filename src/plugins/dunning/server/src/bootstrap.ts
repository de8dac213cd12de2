import type { Core } from '@strapi/strapi';
import { registerPermissionActions } from './permissions';
import { getPluginService } from './utils/plugin';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissionActions(strapi);
  await getPluginService(strapi, 'history').ensureSchema();
  await getPluginService(strapi, 'templates').ensurePredefined();
  await getPluginService(strapi, 'scenarios').ensureDefault();
};

export default bootstrap;
