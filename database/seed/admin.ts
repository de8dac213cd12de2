import type { Core } from '@strapi/strapi';

export type AdminAccount = {
  email: string;
  password: string;
  firstname?: string;
  lastname?: string;
};

/** Creates a super admin with this login unless one exists already. */
export const ensureSuperAdmin = async (strapi: Core.Strapi, account: AdminAccount) => {
  const users = strapi.service('admin::user');
  const existing = await strapi.db
    .query('admin::user')
    .findOne({ where: { email: account.email.toLowerCase() } });
  if (existing) return existing;
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  return users.create({
    email: account.email.toLowerCase(),
    firstname: account.firstname ?? 'Demo',
    lastname: account.lastname ?? 'Admin',
    password: account.password,
    isActive: true,
    registrationToken: null,
    roles: superAdmin ? [superAdmin.id] : [],
  });
};
