import type { Core } from '@strapi/strapi';

import type { Settings } from '../../../../shared/contracts/settings';
import { closingReasonOf, exclusionOf } from '../../domain/exclusions';
import type { InvoiceRecord, ReminderRecord, TemplateRecord } from '../../domain/records';
import { coverage, type ReminderInvoice } from '../../domain/reminder-invoices';
import { ADDRESS_BOUNCED, withoutSuppressed } from '../../domain/suppressions';
import { languageOf } from '../../domain/template-language';
import { memoize, promiseCache } from '../../helpers';
import type { Outcome } from '../../repositories/reminders';
import { getPluginService } from '../../utils/plugin';
import type { Localize, Person } from '../messages';
import { type ReadyMail, reminderMail } from './reminder-mail';

/**
 * Everything up to the hand-off, for claimed e-mail reminders: their invoices re-read
 * right after the claim (one paid, cancelled or excluded since drops out), their
 * addresses checked against the suppression list, their mails composed. Each ends up
 * ready to send, or with the outcome that ends it without a mail.
 */

/** Lookups shared by the sends of one call (a tick's sending, one reminder sent at once). */
export type SendLookups = {
  sender: (id: number) => Promise<Person | null>;
  maySend: (id: number) => Promise<boolean>;
  localized: Localize;
};

/** A claimed reminder ready to leave: its mail, and what goes on its record first. */
export type ReadyToSend = ReadyMail & { reminder: ReminderRecord };

/** What preparing one claimed reminder yields: a mail to hand over, or how it ends without one. */
export type Preparation = ReadyToSend | { outcome: Outcome };

export const sendPreparation = (strapi: Core.Strapi) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  const mails = reminderMail(strapi);

  /**
   * The invoices a reminder still chases. Manual and batch reminders were chosen by a
   * person: only invoices closed since drop out. Automatic ones also drop invoices
   * disputed, promised or otherwise excluded since they were planned. A thank-you
   * covers paid invoices by design.
   */
  const reread = async (
    reminder: ReminderRecord,
    invoicesById: Map<string, InvoiceRecord>,
    settings: Settings,
    now: Date
  ) => {
    const wanted = (reminder.invoices ?? []).filter((entry) => !entry.excluded);
    const invoices = wanted.flatMap((entry) => invoicesById.get(entry.documentId) ?? []);
    const byId = new Map(invoices.map((invoice) => [invoice.documentId, invoice]));
    const customer =
      invoices[0]?.customer ??
      (await service('receivables').findCustomer(reminder.customerDocumentId));
    const today = customer ? service('messages').todayFor(customer, now) : '';
    const reasonOf = (invoice: InvoiceRecord | undefined): string | null => {
      if (!invoice || !customer) return 'deleted';
      if (reminder.type === 'thank_you') return null;
      if (reminder.trigger === 'automatic')
        return exclusionOf({ invoice, customer, settings: settings.automatic, today });
      return closingReasonOf(invoice);
    };
    const kept: InvoiceRecord[] = [];
    const entries = (reminder.invoices ?? []).map((entry): ReminderInvoice => {
      if (entry.excluded) return entry;
      const invoice = byId.get(entry.documentId);
      const reason = reasonOf(invoice);
      if (reason) return { ...entry, excluded: reason };
      kept.push(invoice!);
      return { ...entry, amountDue: invoice!.amountDue };
    });
    return { customer, kept, entries };
  };

  /** How a reminder ends without a mail: skipped, not sent or failed, for `reason`. */
  const ended = (
    reminder: ReminderRecord,
    status: 'skipped' | 'not_sent' | 'failed',
    reason: string,
    data: Partial<ReminderRecord>,
    at: Date
  ): { outcome: Outcome } => ({
    outcome: {
      reminder,
      status,
      at,
      data: { ...data, statusReason: reason, ...(status === 'failed' ? { failedAt: at } : {}) },
      note: reason,
    },
  });

  /** One claimed reminder, its invoices as re-read and the bounced addresses at hand. */
  const prepare = async (
    lookups: SendLookups,
    reminder: ReminderRecord,
    invoices: Map<string, InvoiceRecord>,
    suppressed: ReadonlySet<string>,
    now: Date
  ): Promise<Preparation> => {
    try {
      const settings = await service('settings').get();
      const { customer, kept, entries } = await reread(reminder, invoices, settings, now);
      const covered = coverage(entries);
      if (kept.length === 0) {
        const reason = entries.find((entry) => entry.excluded)?.excluded ?? 'nothing_due';
        return ended(reminder, 'skipped', reason, covered, now);
      }
      const sender = reminder.sender ? await lookups.sender(reminder.sender.id) : null;
      if (!sender) return ended(reminder, 'not_sent', 'no_sender', covered, now);
      if (reminder.trigger === 'automatic' && !(await lookups.maySend(sender.id)))
        return ended(reminder, 'not_sent', 'sender_not_permitted', covered, now);
      const composed = await mails.message(
        reminder,
        customer!,
        kept,
        sender,
        now,
        lookups.localized
      );
      if (!composed) return ended(reminder, 'not_sent', 'no_address', covered, now);
      // Addresses that bounced since it was planned or written are left out (F7.5).
      const { kept: to } = withoutSuppressed(composed.to, suppressed);
      if (to.length === 0) return ended(reminder, 'not_sent', ADDRESS_BOUNCED, covered, now);
      const { record, mail } = await mails.ready({
        reminder,
        message: { ...composed, to },
        kept,
        sender,
        bccCopy: settings.bccCopy,
        covered,
        now,
      });
      return { reminder: { ...reminder, ...record }, record, mail };
    } catch (error) {
      const { message } = error as Error;
      return ended(reminder, 'failed', message.slice(0, 255), { error: message }, now);
    }
  };

  return {
    /** New lookups, for the sends of one call: senders, their permission, localized templates, each read once. */
    lookups(): SendLookups {
      const templates = promiseCache<TemplateRecord>();
      return {
        sender: memoize((id) => service('senders').findActive(id)),
        maySend: memoize((id) => service('senders').maySend(id)),
        localized: (template, customerLocale) =>
          templates(
            `${template.documentId}:${template.updatedAt}:${languageOf(customerLocale)}`,
            () => service('messages').localized(template, customerLocale)
          ),
      };
    },

    /** Claimed reminders, their invoices and the bounced addresses among theirs read together, each prepared. */
    async prepareClaimed(
      claimed: ReminderRecord[],
      now: Date,
      lookups: SendLookups
    ): Promise<Preparation[]> {
      const wanted = claimed.flatMap((reminder) =>
        (reminder.invoices ?? [])
          .filter((entry) => !entry.excluded)
          .map((entry) => entry.documentId)
      );
      const invoices = new Map(
        (await service('receivables').findInvoices([...new Set(wanted)])).map((invoice) => [
          invoice.documentId,
          invoice,
        ])
      );
      const suppressed = await service('suppressions').amongClaimed(claimed, invoices.values());
      const preparations: Preparation[] = [];
      for (const reminder of claimed)
        preparations.push(await prepare(lookups, reminder, invoices, suppressed, now));
      return preparations;
    },
  };
};
