import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import type { ReminderDetail, ReminderListQuery } from '../../../shared/contracts/reminders';
import { DONE } from '../../../shared/vocabulary';
import { addDays, zonedInstant } from '../domain/dates';
import type { ReminderData, ReminderRecord } from '../domain/records';
import { MOVES, type ReminderStatus } from '../domain/reminder-lifecycle';
import { type ReminderSummary, toReminderSummary } from '../domain/reminder-summary';
import { hideSignedLinksIn } from '../domain/signed-links';
import { reminderReads } from '../repositories/reminder-reads';
import { reminderRepository } from '../repositories/reminders';
import { invalidInput, notFound } from '../utils/errors';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { MailAttachment } from './mailer';
import { type Person, personName } from './messages';

export type { ReminderStatus, TimelineEntry } from '../domain/reminder-lifecycle';
export {
  addressesOf,
  REMINDER_EVENTS,
  type ReminderSummary,
  toReminderSummary,
} from '../domain/reminder-summary';

/**
 * The reminder history the pages read, and what a person does with a reminder from the
 * activities page (cancel, resend). Every status change is made by the reminders
 * repository (repositories/reminders.ts), the one writer of the lifecycle.
 */

export { DONE };

/** A customer reached, or about to be: what pacing counts. */
const CONTACTED: ReminderStatus[] = ['queued', 'sending', ...DONE];

export type { ReminderDetail };

export type { ReminderListQuery };

const iso = (value: unknown): string | null =>
  value ? new Date(value as string).toISOString() : null;

const toReminderDetail = (reminder: ReminderRecord): ReminderDetail => ({
  ...toReminderSummary(reminder),
  invoices: reminder.invoices ?? [],
  senderEmail: reminder.senderEmail ?? null,
  cc: reminder.cc ?? [],
  bcc: reminder.bcc ?? [],
  body: reminder.body ?? null,
  // A file whose type the upload did not say is listed without one, as it was stored.
  attachments: (reminder.attachments ?? []) as ReminderDetail['attachments'],
  templateName: reminder.template?.name ?? null,
  scenarioName: reminder.scenario?.name ?? null,
  stepIndex: reminder.stepIndex ?? null,
  note: reminder.note ?? null,
  attempts: reminder.attempts ?? 0,
  plannedFor: iso(reminder.plannedFor),
  queuedAt: iso(reminder.queuedAt),
  deliveredAt: iso(reminder.deliveredAt),
  openedAt: iso(reminder.openedAt),
  failedAt: iso(reminder.failedAt),
  timeline: reminder.timeline ?? [],
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reads = () => reminderReads(strapi);

  /** A person's move from the activities page; a reminder not in a status the move leaves is bad input. */
  const byPerson = async (
    documentId: string,
    move: 'cancel' | 'resend',
    to: ReminderStatus,
    at: Date,
    options: { data: ReminderData; note: string }
  ) => {
    const result = await reminderRepository(strapi).move({ documentId }, move, to, at, {
      ...options,
      populate: ['document', 'template', 'scenario'],
    });
    if (!result) throw notFound('Reminder');
    if ('status' in result) {
      throw invalidInput([
        {
          path: 'status',
          message: `a ${result.status} reminder cannot be ${move === 'cancel' ? 'cancelled' : 'resent'} (only ${MOVES[move].from.join(', ')})`,
        },
      ]);
    }
    return toReminderDetail(result.reminder);
  };

  /** A day of the business time zone, or an instant; `end` moves a day to the next midnight (the day is inclusive). */
  const instant = (value: string, end: boolean) => {
    if (value.length !== 10) return new Date(value);
    return zonedInstant(end ? addDays(value, 1) : value, 0, getPluginConfig(strapi).cron.timezone);
  };

  return {
    findByIdempotencyKey: (idempotencyKey: string) => reads().findByIdempotencyKey(idempotencyKey),

    findOne: (documentId: string, populate?: string[]) => reads().findOne(documentId, populate),

    /** Everything the activities detail shows. */
    async detail(documentId: string): Promise<ReminderDetail> {
      const reminder = await reads().findOne(documentId, ['document', 'template', 'scenario']);
      if (!reminder) throw notFound('Reminder');
      return toReminderDetail(reminder);
    },

    /**
     * The letter PDF kept on a reminder, as the admin asking may receive it
     * (domain/signed-links.ts): as posted to an admin who may send; to anyone else drawn
     * again from its layout with its links hidden. A letter kept by an earlier version holds
     * a working link and no layout: it goes to those who may send only.
     */
    async letterDocument(documentId: string, maySend: boolean): Promise<MailAttachment> {
      const reminder = await reads().findOne(documentId, ['document']);
      if (!reminder?.document) throw notFound('Document');
      if (maySend) {
        const { file, content } = await getPluginService(strapi, 'files').readStored(
          reminder.document.id
        );
        return { filename: file.name, content, contentType: file.mime };
      }
      if (!reminder.letter)
        throw new errors.PolicyError(
          "this letter holds the customer's portal link: downloading it needs the send permission"
        );
      return {
        filename: reminder.document.name,
        content: await getPluginService(strapi, 'letters').render([
          hideSignedLinksIn(reminder.letter),
        ]),
        contentType: 'application/pdf',
      };
    },

    /** A planned or queued reminder will not go out. */
    async cancel(documentId: string, by: Person, at = new Date()) {
      return byPerson(documentId, 'cancel', 'cancelled', at, {
        data: { nextAttemptAt: null },
        note: `cancelled by ${personName(by)}`,
      });
    },

    /** A failed, uncertain or unsent reminder goes back to the queue, for the engine to deliver. */
    async resend(documentId: string, by: Person, at = new Date()) {
      return byPerson(documentId, 'resend', 'queued', at, {
        data: { attempts: 0, nextAttemptAt: null, statusReason: null, queuedAt: at },
        note: `resend requested by ${personName(by)}`,
      });
    },

    /**
     * The activities list (SPEC F6.1): filtered, sorted and paginated in the database
     * (repositories/reminder-reads listPage), its total counted up to MAX_COUNTED rows.
     */
    async list(query: ReminderListQuery, viewerId: number) {
      const { mine, from, to, ...filter } = query;
      const { data, total, capped } = await reads().listPage({
        ...filter,
        ownedBy: mine ? getPluginService(strapi, 'customer-settings').ownedBy(viewerId) : undefined,
        from: from ? instant(from, false) : undefined,
        to: to ? { at: instant(to, true), exclusive: to.length === 10 } : undefined,
      });
      return { data: data.map(toReminderSummary), total, capped };
    },

    async historyOfCustomer(customerDocumentId: string, limit = 200): Promise<ReminderSummary[]> {
      return (await reads().latestFirst({ customerDocumentId }, limit)).map(toReminderSummary);
    },

    /** An invoice's reminders, latest first, found through the invoice link table. */
    async historyOfInvoice(invoiceDocumentId: string, limit = 200): Promise<ReminderSummary[]> {
      const ids = await getPluginService(strapi, 'history').reminderIdsOfInvoice(invoiceDocumentId);
      return ids.length === 0
        ? []
        : (await reads().latestFirst({ id: { $in: ids } }, limit)).map(toReminderSummary);
    },

    /** When each customer was last reached (a reminder queued or gone out), for pacing (SPEC F4.8). */
    lastContactDates: (customerDocumentIds: string[]) =>
      reads().lastContactDates(customerDocumentIds, CONTACTED),

    /** The latest reminder date of each customer. */
    lastReminderDates: (customerDocumentIds: string[]) =>
      reads().lastReminderDates(customerDocumentIds),
  };
};
