import type { Core } from '@strapi/strapi';

export default {
  register(_: { strapi: Core.Strapi }) {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    if (process.env.DUNNING_DEMO_SEED === 'true') {
      const { seedDemo } = await import('../database/seed/demo');
      await seedDemo(strapi);
    }
  },
};
