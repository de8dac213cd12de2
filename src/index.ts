import type { Core } from '@strapi/strapi';

import { assertSecrets } from '../config/secrets';

export default {
  register(_: { strapi: Core.Strapi }) {
    // At start, not at build: a build reads the config but runs no lifecycle.
    assertSecrets();
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    if (process.env.DUNNING_DEMO_SEED === 'true') {
      const { seedDemo } = await import('../database/seed/demo');
      await seedDemo(strapi);
    }
  },
};
