import { z } from 'zod';

import { isoInstant } from './common';

/** POST /api/dunning/delivery-events: what a mail provider (or its relay) reports. */
export const deliveryEventsSchema = z
  .array(
    z
      .object({
        /** The provider's id of this event: an event is applied once, however often it is posted. */
        id: z.string().trim().min(1, 'is required').max(191),
        /** The reminder's Message-ID, with or without its angle brackets. */
        messageId: z
          .string()
          .trim()
          .regex(
            /^<?[^<>\s@]+@[^<>\s@]+>?$/,
            'must be a Message-ID such as <reminder-…@example.com>'
          )
          .max(255),
        event: z.enum(['delivered', 'bounced']),
        at: isoInstant.optional(),
        reason: z.string().trim().max(255).optional(),
      })
      .strict()
  )
  .min(1, 'send at least one event')
  .max(1000, 'send at most 1000 events at once');

export type DeliveryEventInput = z.infer<typeof deliveryEventsSchema>[number];
