import type { Core } from '@strapi/strapi';

/**
 * Strapi's admin users, roles and permissions (admin::user, admin::role,
 * admin::permission), as the plugin reads them: who may send reminders in whose name.
 */

const SUPER_ADMIN = 'strapi-super-admin';
const PERSON = ['id', 'firstname', 'lastname', 'email'];

export type AdminPerson = {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  email: string;
};

export const adminUserRepository = (strapi: Core.Strapi) => {
  const users = () => strapi.db.query('admin::user');

  return {
    /** The ids of the roles holding `action`: the super admin's (it holds every action), and those granted it. */
    async roleIdsHolding(action: string): Promise<number[]> {
      const granted = (await strapi.db
        .query('admin::permission')
        .findMany({ where: { action }, populate: { role: { select: ['id'] } } })) as Array<{
        role?: { id: number } | null;
      }>;
      const superAdmin = await strapi.db
        .query('admin::role')
        .findOne({ where: { code: SUPER_ADMIN }, select: ['id'] });
      return [
        ...new Set([
          ...(superAdmin ? [superAdmin.id] : []),
          ...granted.flatMap((permission) => (permission.role ? [permission.role.id] : [])),
        ]),
      ];
    },

    /** The active admins with one of these roles, by first and last name. */
    async activeWithRoles(roleIds: number[]): Promise<AdminPerson[]> {
      return users().findMany({
        where: { isActive: true, roles: { id: { $in: roleIds } } },
        select: PERSON,
        orderBy: [{ firstname: 'asc' }, { lastname: 'asc' }],
      });
    },

    /** The admin `id` when active, and (when `roleIds` are given) holding one of these roles; else null. */
    async findActive(id: number, roleIds?: number[]): Promise<AdminPerson | null> {
      return users().findOne({
        where: { id, isActive: true, ...(roleIds ? { roles: { id: { $in: roleIds } } } : {}) },
        select: PERSON,
      });
    },
  };
};
