import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../permissions';
import type { Person } from './messages';

const SUPER_ADMIN = 'strapi-super-admin';

/** The admin users reminders go out in the name of, and whether they may send them (SPEC F4.4). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async listActive(): Promise<Person[]> {
    return strapi.db.query('admin::user').findMany({
      where: { isActive: true },
      select: ['id', 'firstname', 'lastname', 'email'],
      orderBy: [{ firstname: 'asc' }, { lastname: 'asc' }],
    });
  },

  async findActive(id: number): Promise<Person | null> {
    return strapi.db.query('admin::user').findOne({ where: { id, isActive: true }, select: ['id', 'firstname', 'lastname', 'email'] });
  },

  /** An active admin whose roles hold the plugin's send action (super admins hold every action). */
  async maySend(id: number): Promise<boolean> {
    const user = await strapi.db.query('admin::user').findOne({ where: { id, isActive: true }, populate: { roles: { select: ['id', 'code'] } } });
    if (!user) return false;
    const roles = (user.roles ?? []) as Array<{ id: number; code: string }>;
    if (roles.some((role) => role.code === SUPER_ADMIN)) return true;
    const granted = await strapi.db.query('admin::permission').count({
      where: { action: ACTIONS.send, role: { id: { $in: roles.map((role) => role.id) } } },
    });
    return granted > 0;
  },
});
