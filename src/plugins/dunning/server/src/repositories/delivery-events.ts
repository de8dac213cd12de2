import type { Core } from '@strapi/strapi';

import { unlessTaken } from './sql/db';

/** The ids of the delivery events a provider reported (plugin::dunning.delivery-event), kept to see each once. */

const UID = 'plugin::dunning.delivery-event';

export const deliveryEventRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID as any);

  return {
    /** Records event `id`; false when it was recorded already (its unique index refuses it). */
    async recordOnce(id: string, at: Date): Promise<boolean> {
      return (
        (await unlessTaken(strapi, () =>
          query().create({ data: { eventId: id, receivedAt: at } })
        )) !== null
      );
    },

    /** Forgets the events received before `before`. */
    async forgetBefore(before: Date) {
      await query().deleteMany({ where: { receivedAt: { $lt: before } } });
    },
  };
};
