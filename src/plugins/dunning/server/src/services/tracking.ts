import type { Core } from '@strapi/strapi';

import type { DeliveryEventInput } from '../../../shared/contracts/delivery-events';
import { statusAfterDeliveryEvent } from '../domain/delivery-status';
import { appendOpenPixel } from '../domain/open-pixel';
import { PIXEL_PATH } from '../domain/signed-links';
import { SIGNATURE_TOLERANCE_SECONDS, signToken, verifyToken } from '../domain/signed-tokens';
import { deliveryEventRepository } from '../repositories/delivery-events';
import { reminderRepository } from '../repositories/reminders';
import { inTransaction } from '../repositories/sql/db';
import { getPluginConfig, getPluginService, publicUrl } from '../utils/plugin';

/**
 * Delivery feedback (SPEC F7.5): the open-tracking pixel, which the settings can turn
 * off, and the events a mail provider reports. Feedback only moves a reminder forward
 * (domain/delivery-status.ts) and writes its timeline; a bounce puts the reminder's
 * addresses on the suppression list (services/suppressions.ts). It sends and emits nothing.
 * A provider's event is applied in one transaction with the record of its id: an event
 * whose effect could not be written is not on record, and the provider's retry applies it.
 */

export type DeliveryEventCounts = {
  received: number;
  updated: number;
  unchanged: number;
  unknown: number;
  duplicate: number;
};

type EventOutcome = Exclude<keyof DeliveryEventCounts, 'received'>;

/** How long an open-tracking pixel records opens after its message was sent. */
export const OPEN_PIXEL_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Pixel tokens are signed with the portal secret under their own purpose, and expire.
  const signing = () => ({
    secret: getPluginConfig(strapi).portal.secret,
    purpose: 'open' as const,
  });
  const isEnabled = async () =>
    (await getPluginService(strapi, 'settings').get()).tracking.openPixel;
  const reminders = () => reminderRepository(strapi);

  return {
    /** For the send path: `html` with the reminder's open-tracking pixel, unchanged when tracking is off. */
    async withOpenPixel(html: string, reminderDocumentId: string): Promise<string> {
      if (!(await isEnabled())) return html;
      return appendOpenPixel(
        html,
        publicUrl(
          strapi,
          `${PIXEL_PATH}${signToken(signing(), reminderDocumentId, new Date(Date.now() + OPEN_PIXEL_DAYS * DAY_MS))}.gif`
        )
      );
    },

    /** A pixel was fetched: its reminder becomes `opened`, once, from sent or delivered. */
    async recordOpen(token: string, now = new Date()): Promise<void> {
      const check = verifyToken(signing(), token, now);
      if ('refused' in check || !(await isEnabled())) return;
      await reminders().move(
        { documentId: check.subject },
        'feedback',
        (status) => statusAfterDeliveryEvent(status, 'opened'),
        now,
        {
          data: { openedAt: now },
          note: 'tracking pixel',
        }
      );
    },

    /**
     * Applies a provider's events by Message-ID (with or without angle brackets), in
     * order, each once: its id is recorded in the transaction that applies it. Ids are
     * kept twice the signature tolerance: a request older than that is refused before its
     * ids are read.
     */
    async recordDeliveryEvents(
      events: DeliveryEventInput[],
      now = new Date()
    ): Promise<DeliveryEventCounts> {
      const counts: DeliveryEventCounts = {
        received: events.length,
        updated: 0,
        unchanged: 0,
        unknown: 0,
        duplicate: 0,
      };
      await deliveryEventRepository(strapi).forgetBefore(
        new Date(now.getTime() - 2 * SIGNATURE_TOLERANCE_SECONDS * 1000)
      );
      for (const { id, messageId, event, at, reason } of events) {
        const outcome = await inTransaction(strapi, async (): Promise<EventOutcome> => {
          if (!(await deliveryEventRepository(strapi).recordOnce(id, now))) return 'duplicate';
          const bare = messageId.replace(/^<|>$/g, '');
          const when = at ? new Date(at) : now;
          const result = await reminders().move(
            // An event from before the latest send (a resend keeps the Message-ID) is not about
            // it; the provider's clock may be behind ours by the signature tolerance.
            {
              messageId: { $in: [`<${bare}>`, bare] },
              $or: [
                { sentAt: null },
                { sentAt: { $lte: new Date(when.getTime() + SIGNATURE_TOLERANCE_SECONDS * 1000) } },
              ],
            },
            'feedback',
            (status) => statusAfterDeliveryEvent(status, event),
            when,
            {
              data:
                event === 'delivered' ? { deliveredAt: when } : { statusReason: reason ?? null },
              note: reason ? `mail provider: ${reason}` : 'mail provider',
            }
          );
          if (result?.moved && event === 'bounced')
            await getPluginService(strapi, 'suppressions').recordBounce(
              result.reminder,
              when,
              reason ?? null
            );
          return result === null ? 'unknown' : result.moved ? 'updated' : 'unchanged';
        });
        counts[outcome] += 1;
      }
      return counts;
    },
  };
};
