import {
  type DeliveryEvent,
  statusAfterDeliveryEvent,
} from '../../src/plugins/dunning/server/src/domain/delivery-status';
import type { ReminderStatus } from '../../src/plugins/dunning/server/src/services/reminders';

const STATUSES: ReminderStatus[] = [
  'planned',
  'queued',
  'sending',
  'sent',
  'delivered',
  'opened',
  'failed',
  'bounced',
  'not_sent',
  'skipped',
  'uncertain',
  'cancelled',
];

/** Every status an event moves a reminder to, from every status. */
const table = (event: DeliveryEvent) =>
  Object.fromEntries(STATUSES.map((status) => [status, statusAfterDeliveryEvent(status, event)]));

describe('statusAfterDeliveryEvent (SPEC F7.5): forward only, a bounce wins', () => {
  it('delivered: from sent, or from uncertain (the provider saw it leave); never back from opened or bounced', () => {
    expect(table('delivered')).toEqual({
      planned: null,
      queued: null,
      sending: null,
      sent: 'delivered',
      delivered: null,
      opened: null,
      failed: null,
      bounced: null,
      not_sent: null,
      skipped: null,
      uncertain: 'delivered',
      cancelled: null,
    });
  });

  it('opened: from sent or delivered only, once', () => {
    expect(table('opened')).toEqual({
      planned: null,
      queued: null,
      sending: null,
      sent: 'opened',
      delivered: 'opened',
      opened: null,
      failed: null,
      bounced: null,
      not_sent: null,
      skipped: null,
      uncertain: null,
      cancelled: null,
    });
  });

  it('bounced: over sent, delivered, opened and uncertain, once; never for what was not sent', () => {
    expect(table('bounced')).toEqual({
      planned: null,
      queued: null,
      sending: null,
      sent: 'bounced',
      delivered: 'bounced',
      opened: 'bounced',
      failed: null,
      bounced: null,
      not_sent: null,
      skipped: null,
      uncertain: 'bounced',
      cancelled: null,
    });
  });

  it('lands in the same place whatever order the events arrive in', () => {
    const apply = (events: DeliveryEvent[]) =>
      events.reduce<ReminderStatus>(
        (status, event) => statusAfterDeliveryEvent(status, event) ?? status,
        'sent'
      );
    expect(apply(['delivered', 'opened'])).toBe('opened');
    expect(apply(['opened', 'delivered'])).toBe('opened');
    expect(apply(['delivered', 'bounced', 'opened'])).toBe('bounced');
    expect(apply(['opened', 'bounced', 'delivered'])).toBe('bounced');
  });
});
