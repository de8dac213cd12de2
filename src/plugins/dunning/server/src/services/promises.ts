import type { Core } from '@strapi/strapi';

import type { PromiseInput } from '../../../shared/contracts/promises';
import type { CallInput } from '../../../shared/contracts/reminders';
import { addDays, todayIn } from '../domain/dates';
import { chooseSender } from '../domain/grouping';
import { promiseState } from '../domain/promises';
import type { InvoiceRecord, PromiseRecord } from '../domain/records';
import { coverageOf } from '../domain/reminder-invoices';
import { promiseRepository } from '../repositories/promises';
import { reminderRepository } from '../repositories/reminders';
import { inTransaction } from '../repositories/sql/db';
import { invalidInput } from '../utils/errors';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import { customerFields, type Person, personName, senderFields } from './messages';

/**
 * Promises to pay (SPEC F4.6): recorded from the statement, a call or the API, a promise
 * pauses its invoice's reminders until its date plus the grace period (the invoice's
 * promised payment date holds it for the engine). Then it is kept (paid, or a payment
 * covering the amount promised) or broken: reminders resume, the statement shows it,
 * and the scenario's broken-promise template, if it names one, goes out at once.
 */

/** Who made a promise: an admin recording it, or the customer itself on the portal. */
export type PromiseAuthor = Person | { customerName: string; source: 'portal' };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  const promises = () => promiseRepository(strapi);

  const judge = async (promise: PromiseRecord, invoice: InvoiceRecord | undefined, now: Date) => {
    const { promiseGraceDays } = (await service('settings').get()).automatic;
    if (!invoice) return 'cancelled';
    return promiseState({
      promise: {
        date: promise.date,
        amount: promise.amount === null ? null : Number(promise.amount),
        recordedAt: '',
        recordedBy: '',
      },
      amountDue: invoice.status === 'paid' ? 0 : invoice.amountDue,
      amountDueWhenPromised: Number(promise.amountDueWhenPromised),
      today: service('messages').todayFor(invoice.customer ?? { timezone: null }, now),
      graceDays: promiseGraceDays,
    });
  };

  const resolve = (promise: PromiseRecord, status: PromiseRecord['status'], now: Date) =>
    promises().resolve(promise.id, status, now);

  return {
    /**
     * Records a promise on open invoices of one customer; it replaces their pending ones.
     * All or nothing: the pending ones cancelled, the new ones and the invoices' promised
     * date are written in one transaction (docs/engine.md, "All or nothing").
     */
    async record(
      { invoiceDocumentIds, date, amount = null, note = null }: PromiseInput,
      by: PromiseAuthor,
      now = new Date()
    ) {
      const invoices = await service('receivables').findInvoices(invoiceDocumentIds);
      const problems = invoiceDocumentIds.flatMap((documentId, index) => {
        const invoice = invoices.find((candidate) => candidate.documentId === documentId);
        if (!invoice)
          return [
            {
              path: `invoiceDocumentIds.${index}`,
              message: `invoice ${documentId} does not exist`,
            },
          ];
        if (invoice.status !== 'open' || invoice.amountDue <= 0)
          return [
            {
              path: `invoiceDocumentIds.${index}`,
              message: `invoice ${invoice.number} has nothing left to pay`,
            },
          ];
        if (invoice.customer?.documentId !== invoices[0].customer?.documentId)
          return [
            {
              path: `invoiceDocumentIds.${index}`,
              message: `invoice ${invoice.number} belongs to another customer`,
            },
          ];
        return [];
      });
      if (amount !== null && invoiceDocumentIds.length > 1)
        problems.push({
          path: 'amount',
          message: 'an amount is promised for one invoice at a time',
        });
      if (problems.length) throw invalidInput(problems);

      return inTransaction(strapi, async () => {
        const recorded: PromiseRecord[] = [];
        for (const invoice of invoices) {
          await promises().cancelPendingOf(invoice.documentId, now);
          recorded.push(
            await promises().create({
              invoiceDocumentId: invoice.documentId,
              invoiceNumber: invoice.number,
              customerDocumentId: invoice.customer!.documentId,
              date,
              amount,
              amountDueWhenPromised: invoice.amountDue,
              currency: invoice.currency,
              note,
              ...('id' in by
                ? { recordedBy: by.id, recordedByName: personName(by), source: 'admin' }
                : { recordedBy: null, recordedByName: by.customerName, source: by.source }),
              status: 'pending',
              publishedAt: now,
            })
          );
        }
        await service('receivables').setPromisedPaymentDate(invoiceDocumentIds, date);
        return recorded;
      });
    },

    /** What a call taught us (the pop-up's call note, the batch call list): a promise, or a dispute. */
    async applyCallOutcome(
      invoiceDocumentIds: string[],
      call: CallInput,
      by: Person,
      now = new Date()
    ) {
      if (call.outcome === 'promised')
        await this.record(
          { invoiceDocumentIds, date: call.promisedDate!, note: call.note ?? null },
          by,
          now
        );
      if (call.outcome === 'disputed')
        await service('receivables').markDisputed(invoiceDocumentIds);
    },

    /** Promises kept before their date (the invoice paid, or the amount promised covered) are marked so at once. */
    async reviewInvoices(invoices: InvoiceRecord[], now = new Date()) {
      if (invoices.length === 0) return;
      const pending = await promises().pendingOf(invoices.map((invoice) => invoice.documentId));
      const byDocumentId = new Map(invoices.map((invoice) => [invoice.documentId, invoice]));
      for (const promise of pending) {
        if ((await judge(promise, byDocumentId.get(promise.invoiceDocumentId), now)) === 'kept')
          await resolve(promise, 'kept', now);
      }
    },

    /**
     * The engine's look at the promises whose date and grace period are over: kept, or
     * broken — the invoice's promised date is cleared so reminders resume, and the
     * broken-promise template of the customer's scenario, if any, is planned at once.
     */
    async reviewDue(now = new Date()) {
      const { promiseGraceDays } = (await service('settings').get()).automatic;
      // Wide by a day: each promise is judged on its customer's own calendar.
      const until = addDays(
        todayIn(getPluginConfig(strapi).cron.timezone, now),
        1 - promiseGraceDays
      );
      const due = await promises().pendingBefore(until, 1000);
      const invoices = new Map(
        (
          await service('receivables').findInvoices(due.map((promise) => promise.invoiceDocumentId))
        ).map((invoice) => [invoice.documentId, invoice])
      );
      const broken: Array<{ promise: PromiseRecord; invoice: InvoiceRecord }> = [];
      for (const promise of due) {
        const invoice = invoices.get(promise.invoiceDocumentId);
        const state = await judge(promise, invoice, now);
        // `none` is a promise state with no promise: each here has one.
        if (state === 'pending' || state === 'none') continue;
        const count = await resolve(promise, state, now);
        if (count === 1 && state === 'broken') broken.push({ promise, invoice: invoice! });
      }
      for (const { promise, invoice } of broken) {
        if (invoice.promisedPaymentDate === promise.date)
          await service('receivables').setPromisedPaymentDate([invoice.documentId], null);
      }
      await this.planBrokenPromiseReminders(broken, now);
      return { kept: due.length - broken.length, broken: broken.length };
    },

    /** One reminder per customer, with the broken-promise template of its scenario, when the scenario names one. */
    async planBrokenPromiseReminders(
      broken: Array<{ promise: PromiseRecord; invoice: InvoiceRecord }>,
      now: Date
    ) {
      const byCustomer = new Map<string, typeof broken>();
      for (const entry of broken)
        byCustomer.set(entry.promise.customerDocumentId, [
          ...(byCustomer.get(entry.promise.customerDocumentId) ?? []),
          entry,
        ]);
      const settings = await service('settings').get();
      for (const entries of byCustomer.values()) {
        const customer = entries[0].invoice.customer!;
        const scenario = await service('scenarios').followedBy(customer);
        const template = scenario?.brokenPromiseTemplate;
        if (!template) continue;
        const invoices = entries.map(({ invoice }) => invoice);
        const automatic =
          settings.automatic.enabled &&
          template.channel === 'email' &&
          entries.every(({ invoice }) => invoice.automaticReminders);
        const senderId = chooseSender(
          settings.automatic.sender,
          entries.map(({ invoice }) => invoice.creatorId),
          customer.ownerId
        );
        const sender = senderId ? await service('senders').findActive(senderId) : null;
        const idempotencyKey = `broken:${entries
          .map(({ promise }) => promise.id)
          .sort((a, b) => a - b)
          .join(',')}`;
        await reminderRepository(strapi).createOnce(
          {
            type: template.type,
            channel: template.channel,
            trigger: automatic ? 'automatic' : 'batch',
            ...customerFields(customer),
            ...coverageOf(invoices),
            currency: invoices[0].currency,
            ...senderFields(sender),
            recipients: service('messages').recipientsOf(invoices).recipients,
            template: template.documentId,
            scenario: scenario.documentId,
            level: 'Broken promise',
            countsInScenario: false,
            idempotencyKey,
            attempts: 0,
            plannedFor: now,
            queuedAt: automatic ? now : null,
          },
          automatic ? 'queued' : 'planned',
          now
        );
      }
    },

    /** A customer's promises, latest first (the statement shows them, broken ones marked). */
    async ofCustomer(customerDocumentId: string) {
      return (await promises().ofCustomer(customerDocumentId, 200)).map(
        ({ id, publishedAt, updatedAt, recordedBy, ...promise }) => ({
          ...promise,
          amount: promise.amount === null ? null : Number(promise.amount),
          amountDueWhenPromised: Number(promise.amountDueWhenPromised),
        })
      );
    },
  };
};
