import type { Core } from '@strapi/strapi';

import { PERMISSION_ACTIONS } from '../../shared/vocabulary';
import { signedLinksFor } from './domain/signed-links';

/** The plugin's RBAC actions; admin routes and pages require them by their full UID. */
export const ACTIONS = PERMISSION_ACTIONS;

export const registerPermissionActions = async (strapi: Core.Strapi) => {
  await strapi.service('admin::permission').actionProvider.registerMany([
    {
      section: 'plugins',
      displayName: 'Read reminders and statements',
      uid: 'read',
      pluginName: 'dunning',
    },
    { section: 'plugins', displayName: 'Send reminders', uid: 'send', pluginName: 'dunning' },
    {
      section: 'plugins',
      displayName: 'Configure templates, scenarios and settings',
      uid: 'configure',
      pluginName: 'dunning',
    },
  ]);
};

/** Route policies: a signed-in admin holding every listed action. */
export const requireAdmin = (...actions: string[]) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions } },
];

/** Whether the admin of a request may send reminders, and so receive working signed links. */
export const maySend = (ctx: Parameters<Core.MiddlewareHandler>[0]): boolean =>
  Boolean(ctx.state.userAbility?.can(ACTIONS.send));

/**
 * Route middleware of every admin route: what it answers reaches an admin who may not
 * send with each signed link hidden (domain/signed-links.ts), whatever the route; bytes
 * (a letter's PDF) are the route's own to choose.
 */
export const signedLinksByPermission: Core.MiddlewareHandler = async (ctx, next) => {
  await next();
  ctx.body = signedLinksFor(maySend(ctx))(ctx.body);
};
