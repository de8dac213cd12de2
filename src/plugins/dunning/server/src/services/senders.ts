import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../permissions';
import type { Person } from './messages';

const SUPER_ADMIN = 'strapi-super-admin';
const PERSON = ['id', 'firstname', 'lastname', 'email'];

/**
 * The admin users reminders go out in the name of, and whether they may send them (SPEC
 * F4.4): a sender is an active admin whose roles hold the plugin's send action (super
 * admins hold every action).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const users = () => strapi.db.query('admin::user');

  /** The roles holding `send`: the super admin's, and those granted it. */
  const sendingRoleIds = async (): Promise<number[]> => {
    const granted = (await strapi.db.query('admin::permission').findMany({ where: { action: ACTIONS.send }, populate: { role: { select: ['id'] } } })) as Array<{ role?: { id: number } | null }>;
    const superAdmin = await strapi.db.query('admin::role').findOne({ where: { code: SUPER_ADMIN }, select: ['id'] });
    return [...new Set([...(superAdmin ? [superAdmin.id] : []), ...granted.flatMap((permission) => (permission.role ? [permission.role.id] : []))])];
  };

  return {
    /** Every admin a reminder may be sent in the name of. */
    async listSenders(): Promise<Person[]> {
      return users().findMany({
        where: { isActive: true, roles: { id: { $in: await sendingRoleIds() } } },
        select: PERSON,
        orderBy: [{ firstname: 'asc' }, { lastname: 'asc' }],
      });
    },

    /** The admin `id` when a reminder may be sent in their name, else null. */
    async findSender(id: number): Promise<Person | null> {
      return users().findOne({ where: { id, isActive: true, roles: { id: { $in: await sendingRoleIds() } } }, select: PERSON });
    },

    /** An active admin, whether or not they may send (the engine records why it did not). */
    async findActive(id: number): Promise<Person | null> {
      return users().findOne({ where: { id, isActive: true }, select: PERSON });
    },

    async maySend(id: number): Promise<boolean> {
      return (await this.findSender(id)) !== null;
    },
  };
};
