import type { Core } from '@strapi/strapi';
import { getPluginService } from './utils/plugin';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Content types are loaded by now: a mapping that names a missing or mistyped field
  // stops startup here, before the database is touched.
  getPluginService(strapi, 'receivables').assertMappingIsValid();
};

export default register;
