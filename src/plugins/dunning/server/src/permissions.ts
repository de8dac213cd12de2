import type { Core } from '@strapi/strapi';
import { PERMISSION_ACTIONS } from '../../shared/vocabulary';

/** The plugin's RBAC actions; admin routes and pages require them by their full UID. */
export const ACTIONS = PERMISSION_ACTIONS;

export const registerPermissionActions = async (strapi: Core.Strapi) => {
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany([
      { section: 'plugins', displayName: 'Read reminders and statements', uid: 'read', pluginName: 'dunning' },
      { section: 'plugins', displayName: 'Send reminders', uid: 'send', pluginName: 'dunning' },
      { section: 'plugins', displayName: 'Configure templates, scenarios and settings', uid: 'configure', pluginName: 'dunning' },
    ]);
};

/** Route policies: a signed-in admin holding every listed action. */
export const requireAdmin = (...actions: string[]) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions } },
];
