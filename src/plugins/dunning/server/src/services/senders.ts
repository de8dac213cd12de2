import type { Core } from '@strapi/strapi';

import { ACTIONS } from '../permissions';
import { adminUserRepository } from '../repositories/admin-users';
import type { Person } from './messages';

/**
 * The admin users reminders go out in the name of, and whether they may send them (SPEC
 * F4.4): a sender is an active admin whose roles hold the plugin's send action (super
 * admins hold every action).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const admins = adminUserRepository(strapi);
  const sendingRoleIds = () => admins.roleIdsHolding(ACTIONS.send);

  return {
    /** Every admin a reminder may be sent in the name of. */
    async listSenders(): Promise<Person[]> {
      return admins.activeWithRoles(await sendingRoleIds());
    },

    /** The admin `id` when a reminder may be sent in their name, else null. */
    async findSender(id: number): Promise<Person | null> {
      return admins.findActive(id, await sendingRoleIds());
    },

    /** An active admin, whether or not they may send (the engine records why it did not). */
    async findActive(id: number): Promise<Person | null> {
      return admins.findActive(id);
    },

    async maySend(id: number): Promise<boolean> {
      return (await this.findSender(id)) !== null;
    },
  };
};
