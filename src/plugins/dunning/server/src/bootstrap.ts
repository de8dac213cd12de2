import type { Core } from '@strapi/strapi';
import { registerPermissionActions } from './permissions';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissionActions(strapi);
};

export default bootstrap;
