import type { Core } from '@strapi/strapi';

import { DELIVERY_EVENT_UID } from '../content-types/uids';
import { unlessTaken } from './sql/db';
import { queryOf } from './sql/typed-strapi';

/** The ids of the delivery events a provider reported (plugin::dunning.delivery-event), kept to see each once. */

/** A delivery event as saved (content-types/delivery-event). */
type DeliveryEventRecord = { id: number; documentId: string; eventId: string; receivedAt: Date };

export const deliveryEventRepository = (strapi: Core.Strapi) => {
  const query = () => queryOf<DeliveryEventRecord>(strapi, DELIVERY_EVENT_UID);

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
