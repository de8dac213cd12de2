import type { Core } from '@strapi/strapi';

import { getPluginService } from './utils/plugin';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getPluginService(strapi, 'engine').stop();
};

export default destroy;
