import type { ReminderStatus } from './reminder-lifecycle';

/**
 * What delivery feedback does to a reminder's status (SPEC F7.5). Feedback only moves
 * a reminder forward along sent → delivered → opened; a bounce wins over all of them.
 * A late or repeated event changes nothing.
 */

export type DeliveryEvent = 'delivered' | 'opened' | 'bounced';

/** The statuses each event may move a reminder from. */
const MOVES_FROM: Record<DeliveryEvent, ReminderStatus[]> = {
  // `uncertain` (the SMTP hand-off was not confirmed): the provider saw the message, so it left.
  delivered: ['sent', 'uncertain'],
  opened: ['sent', 'delivered'],
  bounced: ['sent', 'delivered', 'opened', 'uncertain'],
};

/** The status after `event`, or null when the event must not change the reminder. */
export const statusAfterDeliveryEvent = (
  current: ReminderStatus,
  event: DeliveryEvent
): ReminderStatus | null => (MOVES_FROM[event].includes(current) ? event : null);
