import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from './sql/db';

/** The ids of the delivery events a provider reported (plugin::dunning.delivery-event), kept to see each once. */

const UID = 'plugin::dunning.delivery-event';

export const deliveryEventRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID as any);

  return {
    /** Records event `id`; false when it was recorded already (its unique index refuses it). */
    async recordOnce(id: string, at: Date): Promise<boolean> {
      try {
        await query().create({ data: { eventId: id, receivedAt: at } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    /** Forgets the events received before `before`. */
    async forgetBefore(before: Date) {
      await query().deleteMany({ where: { receivedAt: { $lt: before } } });
    },
  };
};
