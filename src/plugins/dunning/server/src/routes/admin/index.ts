import { ACTIONS, requireAdmin } from '../../permissions';

/** Admin API, mounted under /dunning. Every route checks admin auth and an RBAC action. */
export default () => ({
  type: 'admin',
  routes: [
    {
      method: 'GET',
      path: '/overview',
      handler: 'overview.show',
      config: { policies: requireAdmin(ACTIONS.read) },
    },
  ],
});
