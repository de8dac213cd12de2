import type { Core } from '@strapi/strapi';

import { personName } from '../services/messages';
import { getPluginService } from '../utils/plugin';

/** Admin users a reminder may be sent in the name of. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      const users = await getPluginService(strapi, 'senders').listSenders();
      ctx.body = {
        data: users.map((user) => ({ id: user.id, name: personName(user), email: user.email })),
      };
    },
  }) satisfies Core.Controller;
