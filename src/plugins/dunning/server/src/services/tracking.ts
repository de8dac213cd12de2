import type { Core } from '@strapi/strapi';
import { statusAfterDeliveryEvent } from '../rules/delivery-status';
import { appendOpenPixel } from '../rules/open-pixel';
import { isBodySignatureValid, signToken, verifyToken } from '../rules/signed-tokens';
import { reminderRepository } from '../repositories/reminders';
import { getPluginConfig, getPluginService, publicUrl } from '../utils/plugin';
import type { DeliveryEventInput } from '../validation/delivery-events';

/**
 * Delivery feedback (SPEC F7.5): the open-tracking pixel, which the settings can turn
 * off, and the events a mail provider reports. Feedback only moves a reminder forward
 * (rules/delivery-status.ts) and writes its timeline; it sends and emits nothing.
 */

export type DeliveryEventCounts = { received: number; updated: number; unchanged: number; unknown: number };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Pixel tokens are signed with the portal secret under their own purpose, and never expire.
  const signing = () => ({ secret: getPluginConfig(strapi).portal.secret, purpose: 'open' as const });
  const isEnabled = async () => (await getPluginService(strapi, 'settings').get()).tracking.openPixel;
  const reminders = () => reminderRepository(strapi);

  return {
    /** For the send path: `html` with the reminder's open-tracking pixel, unchanged when tracking is off. */
    async withOpenPixel(html: string, reminderDocumentId: string): Promise<string> {
      if (!(await isEnabled())) return html;
      return appendOpenPixel(html, publicUrl(strapi, `/api/dunning/t/${signToken(signing(), reminderDocumentId, null)}.gif`));
    },

    /** A pixel was fetched: its reminder becomes `opened`, once, from sent or delivered. */
    async recordOpen(token: string, now = new Date()): Promise<void> {
      const check = verifyToken(signing(), token, now);
      if ('refused' in check || !(await isEnabled())) return;
      await reminders().move({ documentId: check.subject }, 'feedback', (status) => statusAfterDeliveryEvent(status, 'opened'), now, {
        data: { openedAt: now },
        note: 'tracking pixel',
      });
    },

    /** Whether a request carries the signature of its raw body under the shared secret. */
    isSignedByProvider(rawBody: string, signature: string | undefined): boolean {
      return isBodySignatureValid(getPluginConfig(strapi).deliveryEvents.secret, rawBody, signature);
    },

    /** Applies a provider's events by Message-ID (with or without angle brackets), in order. */
    async recordDeliveryEvents(events: DeliveryEventInput[], now = new Date()): Promise<DeliveryEventCounts> {
      const counts: DeliveryEventCounts = { received: events.length, updated: 0, unchanged: 0, unknown: 0 };
      for (const { messageId, event, at, reason } of events) {
        const bare = messageId.replace(/^<|>$/g, '');
        const when = at ? new Date(at) : now;
        const result = await reminders().move({ messageId: { $in: [`<${bare}>`, bare] } }, 'feedback', (status) => statusAfterDeliveryEvent(status, event), when, {
          data: event === 'delivered' ? { deliveredAt: when } : { statusReason: reason ?? null },
          note: reason ? `mail provider: ${reason}` : 'mail provider',
        });
        counts[result === null ? 'unknown' : result.moved ? 'updated' : 'unchanged'] += 1;
      }
      return counts;
    },
  };
};
