import type { Core } from '@strapi/strapi';

import type { ReminderRecord } from '../../src/plugins/dunning/server/src/domain/records';
import {
  type ReminderRepository,
  reminderRepository,
} from '../../src/plugins/dunning/server/src/repositories/reminders';

/** What the engine suites share: settings that let the engine send at any hour, an all-e-mail default scenario, bulk queued reminders. */

/** Every day, every hour: the tests are about sending, not the send window. */
export const openSettings = (rootId: number) => ({
  automatic: {
    enabled: true,
    applyByDefault: true,
    sender: { mode: 'user', userId: rootId },
    minInvoiceAmount: 0,
    minCustomerAmount: 0,
    skipFuturePromises: true,
    thankYou: false,
    sendWindow: {
      startHour: 0,
      endHour: 24,
      days: [1, 2, 3, 4, 5, 6, 7],
      timezone: 'Europe/Paris',
      holidays: { country: null, extraClosedDates: [] },
    },
  },
  senderNotices: { defaultMode: 'none', byUser: {}, digestHour: 8 },
});

/** The day offsets of `emailOnlyDefault`'s steps: 2 days before, 3 and 10 days after the due date. */
export const EMAIL_STEP_OFFSETS = [-2, 3, 10];

/** Puts the default scenario on three e-mail steps (EMAIL_STEP_OFFSETS). */
export const emailOnlyDefault = async (strapi: Core.Strapi) => {
  const scenarios = strapi.plugin('dunning').service('scenarios');
  const byKey = async (predefinedKey: string) =>
    (
      (await strapi
        .documents('plugin::dunning.template' as any)
        .findMany({ filters: { predefinedKey } })) as any[]
    )[0].documentId;
  const keys = ['pre-due.email.fr', 'reminder-1.email.fr', 'reminder-2.email.fr'];
  const steps = await Promise.all(
    EMAIL_STEP_OFFSETS.map(async (offsetDays, index) => ({
      offsetDays,
      channel: 'email',
      templateDocumentId: await byKey(keys[index]),
      level: `Step ${index + 1}`,
    }))
  );
  const fallback = await scenarios.findDefault();
  await scenarios.update(fallback.documentId, { name: fallback.name, steps });
};

export const countBy = <T>(items: T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

/** A reminder as `insertPlanned` writes it: its columns and its relations by id. */
type PlannedRow = Parameters<ReminderRepository['insertPlanned']>[0][number];

/**
 * `count` e-mail reminders queued at `now` as the pop-up queues them (written by a
 * person: recipients, subject and body on the record), all about one open invoice, in
 * the name of admin `senderId`: many sends with little to set up. Returns their documentIds.
 */
export const queueWrittenReminders = async (
  strapi: Core.Strapi,
  {
    count,
    customer,
    invoice,
    senderId,
    to,
    now,
    key,
  }: {
    count: number;
    customer: { documentId: string };
    invoice: { documentId: string; number: string };
    senderId: number;
    to: string;
    now: Date;
    key: string;
  }
): Promise<string[]> => {
  const rows = Array.from({ length: count }, (_, index): PlannedRow => ({
    data: {
      type: 'reminder',
      channel: 'email',
      trigger: 'manual',
      status: 'queued',
      customerDocumentId: customer.documentId,
      customerName: 'Bulk customer',
      invoices: [
        {
          documentId: invoice.documentId,
          number: invoice.number,
          dueDate: '2026-01-01',
          amountDue: 100,
          currency: 'EUR',
        },
      ],
      amount: 100,
      invoiceCount: 1,
      currency: 'EUR',
      recipients: [{ address: to }],
      cc: [],
      subject: `Reminder ${index + 1} of ${count}`,
      body: `<p>Reminder ${index + 1}</p>`,
      bodyText: `Reminder ${index + 1}`,
      idempotencyKey: `${key}:${index}`,
      attempts: 0,
      queuedAt: now,
      timeline: [{ status: 'queued', at: now.toISOString() }],
    },
    links: { sender: senderId },
  }));
  const written = await reminderRepository(strapi).insertPlanned(rows, now);
  return written.map((reminder) => reminder.documentId);
};

/**
 * A reminder written straight into `status`, as the engine would have left it, for suites
 * that need a history (a failed one, an uncertain one…) without producing it: a fixture,
 * through the Document Service, so its invoice links are written as usual.
 */
export const recordReminder = async (
  strapi: Core.Strapi,
  data: Record<string, unknown>,
  status: string,
  at: Date
) =>
  (await strapi.documents('plugin::dunning.reminder' as any).create({
    data: { ...data, status, timeline: [{ status, at: at.toISOString() }] } as any,
    populate: ['document'] as any,
  })) as ReminderRecord;
