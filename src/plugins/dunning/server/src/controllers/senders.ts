import type { Core } from '@strapi/strapi';

/** Admin users a reminder may be sent in the name of. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    const users = await strapi.db.query('admin::user').findMany({
      where: { isActive: true },
      select: ['id', 'firstname', 'lastname', 'email'],
      orderBy: [{ firstname: 'asc' }, { lastname: 'asc' }],
    });
    ctx.body = {
      data: users.map((user) => ({
        id: user.id,
        name: [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email,
        email: user.email,
      })),
    };
  },
});
