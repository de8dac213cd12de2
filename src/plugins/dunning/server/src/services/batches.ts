import type { Core } from '@strapi/strapi';

import type { BatchFilter, BatchKey, DispatchResult } from '../../../shared/contracts/batches';
import type { CallInput } from '../../../shared/contracts/reminders';
import { closingReasonOf } from '../domain/exclusions';
import type { Letter } from '../domain/message-layout';
import { pauseInForce } from '../domain/pause';
import type { ReminderRecord } from '../domain/records';
import { applySelection, type BatchSelection, coverage } from '../domain/reminder-invoices';
import {
  type PlannedCountRow,
  type PlannedSumRow,
  reminderReads,
} from '../repositories/reminder-reads';
import { reminderRepository } from '../repositories/reminders';
import { invalidInput, notFound } from '../utils/errors';
import { getPluginService } from '../utils/plugin';
import { type Person, personName, senderFields } from './messages';
import { type ReminderSummary, toReminderSummary } from './reminders';

/**
 * The batch view (SPEC F5): the reminders the engine planned and left for a
 * person — letters, calls, and e-mails of invoices on manual triggering — summed by
 * channel, customer profile and level in the database; then sent by batch, every
 * reminder taken from `planned` with one conditional update so it is acted on once.
 */

export type Amount = { currency: string; amount: number };

export type BatchRow = {
  channel: string;
  segment: string | null;
  level: string | null;
  reminders: number;
  customers: number;
  invoices: number;
  /** Reminders whose every invoice is left out (stop-dunning, threshold, promise…). */
  excluded: number;
  amounts: Amount[];
};

export type ChannelTotal = Omit<BatchRow, 'segment' | 'level'>;

const round = (amount: number) => Math.round(amount * 100) / 100;

/** Sums grouped rows by `key`, their amounts kept per currency. */
const foldAmounts = (rows: Array<{ key: string; currency: string; amount: unknown }>) => {
  const byKey = new Map<string, Amount[]>();
  for (const row of rows)
    byKey.set(row.key, [
      ...(byKey.get(row.key) ?? []),
      { currency: row.currency, amount: round(Number(row.amount ?? 0)) },
    ]);
  return byKey;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  const reads = () => reminderReads(strapi);

  /** "My accounts": the customers `ownerId` owns (null: every customer). */
  const ownedBy = (ownerId: number | null) =>
    ownerId === null ? undefined : service('customer-settings').ownedBy(ownerId);

  /** Takes a planned reminder (repositories/reminders `take`); false when another person was first. */
  const take = (
    reminder: ReminderRecord,
    to: 'queued' | 'sending',
    data: Record<string, unknown>,
    note: string,
    at: Date,
    owner?: string
  ) => reminderRepository(strapi).take(reminder, to, data, note, at, owner);

  const loadPlanned = async (documentIds: string[], channels: string[]) => {
    const byId = await reads().withTemplates(documentIds);
    return documentIds.map((documentId, index) => {
      const reminder = byId.get(documentId);
      if (!reminder) throw notFound(`Reminder ${documentId}`);
      if (!channels.includes(reminder.channel)) {
        throw invalidInput([
          {
            path: `selections.${index}.reminderDocumentId`,
            message: `is a ${reminder.channel} reminder, not ${channels.join(' or ')}`,
          },
        ]);
      }
      return reminder;
    });
  };

  /** The planned reminders a request acts on: the ones it lists, or the next ones of a batch. */
  const selectionsOf = async (
    input: { selections: BatchSelection[] } | { batch: BatchKey; limit: number }
  ): Promise<BatchSelection[]> => {
    if ('selections' in input) return input.selections;
    const documentIds = await reads().nextPlanned(input.batch, input.limit);
    return documentIds.map((reminderDocumentId) => ({
      reminderDocumentId,
      invoiceDocumentIds: null,
    }));
  };

  return {
    /** Counts and amounts of the planned reminders per channel, customer profile and level; and per channel. */
    async summary({ ownerId = null }: { ownerId?: number | null } = {}): Promise<{
      batches: BatchRow[];
      channels: ChannelTotal[];
    }> {
      const keyOf = (row: PlannedCountRow | PlannedSumRow) =>
        `${row.channel}|${row.segment ?? ''}|${row.level ?? ''}`;
      const { batchRows, batchSums, channelRows, channelSums } = await reads().plannedSums(
        ownedBy(ownerId)
      );
      const batchAmounts = foldAmounts(
        batchSums.map((row) => ({ key: keyOf(row), currency: row.currency, amount: row.amount }))
      );
      const channelAmounts = foldAmounts(
        channelSums.map((row) => ({ key: row.channel, currency: row.currency, amount: row.amount }))
      );
      const totals = (row: PlannedCountRow) => ({
        reminders: Number(row.reminders),
        customers: Number(row.customers),
        invoices: Number(row.invoices ?? 0),
        excluded: Number(row.excluded ?? 0),
      });
      return {
        batches: batchRows
          .map((row) => ({
            channel: row.channel,
            segment: row.segment ?? null,
            level: row.level ?? null,
            ...totals(row),
            amounts: batchAmounts.get(keyOf(row)) ?? [],
          }))
          .sort(
            (a, b) =>
              a.channel.localeCompare(b.channel) ||
              (a.segment ?? '').localeCompare(b.segment ?? '') ||
              (a.level ?? '').localeCompare(b.level ?? '')
          ),
        channels: channelRows.map((row) => ({
          channel: row.channel,
          ...totals(row),
          amounts: channelAmounts.get(row.channel) ?? [],
        })),
      };
    },

    /** One batch's reminders, a page at a time, by customer: invoices with their exclusions, and how to reach the customer. */
    async items(filter: BatchFilter, viewer: Person) {
      const { page, pageSize } = filter;
      const { reminders, total } = await reads().plannedPage(
        filter,
        ownedBy(filter.mine ? viewer.id : null),
        page,
        pageSize
      );
      const customers = new Map(
        (
          await service('receivables').findCustomers([
            ...new Set(reminders.map((reminder) => reminder.customerDocumentId)),
          ])
        ).map((customer) => [customer.documentId, customer])
      );
      const data = await Promise.all(
        reminders.map(async (reminder) => {
          const customer = customers.get(reminder.customerDocumentId);
          const contact = customer?.favouriteContact ?? null;
          return {
            ...toReminderSummary(reminder),
            invoices: reminder.invoices,
            customer: customer
              ? {
                  name: customer.name,
                  reference: customer.reference,
                  phone: customer.phone,
                  stopDunning: customer.stopDunning,
                  ...pauseInForce(customer, service('messages').todayFor(customer, new Date())),
                  disputed: customer.disputed,
                }
              : null,
            contact: contact
              ? { name: contact.name, phone: contact.phone, emails: contact.emails }
              : null,
            script:
              filter.channel === 'phone' || filter.channel === 'other'
                ? await this.scriptOf(reminder, viewer)
                : null,
          };
        })
      );
      return {
        data,
        pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total },
      };
    },

    /** The call script of a planned call, rendered on its invoices as they are now, for the admin who will call. */
    async scriptOf(reminder: ReminderRecord, caller: Person): Promise<string | null> {
      if (!reminder.template) return null;
      const { customer, invoices } = await this.currentInvoices(reminder);
      if (!customer || invoices.length === 0) return null;
      return (
        await service('messages').compose(
          { template: reminder.template },
          { customer, invoices, sender: caller, recipient: null, now: new Date() }
        )
      ).text;
    },

    /** The reminder's invoices still open (those closed since are dropped), and its customer. */
    async currentInvoices(reminder: Pick<ReminderRecord, 'invoices' | 'customerDocumentId'>) {
      const wanted = reminder.invoices
        .filter((entry) => !entry.excluded)
        .map((entry) => entry.documentId);
      const invoices = (await service('receivables').findInvoices(wanted)).filter(
        (invoice) => !closingReasonOf(invoice)
      );
      const customer =
        invoices[0]?.customer ??
        (await service('receivables').findCustomer(reminder.customerDocumentId));
      return { customer, invoices };
    },

    /**
     * Sends e-mail reminders of the batch view: each selected reminder keeps the invoices
     * ticked (a disputed or excluded one only when ticked), goes out in the name of the
     * admin who sends, through the engine's claimed path. A reminder another person took
     * first is reported, not sent twice.
     */
    async sendEmails(
      input: { selections: BatchSelection[] } | { batch: BatchKey; limit: number },
      by: Person,
      now = new Date()
    ) {
      const selections = await selectionsOf(input);
      const reminders = await loadPlanned(
        selections.map((selection) => selection.reminderDocumentId),
        ['email']
      );
      const results: DispatchResult[] = [];
      for (const [index, reminder] of reminders.entries()) {
        const invoices = applySelection(reminder.invoices, selections[index].invoiceDocumentIds);
        const result = (status: string, statusReason: string | null = null) =>
          results.push({
            documentId: reminder.documentId,
            customerName: reminder.customerName,
            status,
            statusReason,
          });
        if (coverage(invoices).invoiceCount === 0) {
          result('planned', 'nothing_selected');
          continue;
        }
        const taken = await take(
          reminder,
          'queued',
          { ...coverage(invoices), ...senderFields(by), queuedAt: now },
          `sent from the batch view by ${personName(by)}`,
          now
        );
        if (!taken) {
          result('taken', 'already_handled');
          continue;
        }
        const delivered = (await service('delivery').deliver(reminder.documentId, now))!;
        result(delivered.status, delivered.statusReason ?? null);
      }
      const remaining = 'batch' in input ? await reads().countPlanned(input.batch) : null;
      return { results, remaining };
    },

    /**
     * Produces the letters of the batch view as one PDF, a letter per reminder (customer),
     * each also kept on its reminder; the reminders are recorded as sent.
     */
    async produceLetters(
      input: { selections: BatchSelection[] } | { batch: BatchKey; limit: number },
      by: Person,
      now = new Date()
    ): Promise<{ pdf: Buffer | null; results: DispatchResult[] }> {
      const selections = await selectionsOf(input);
      const reminders = await loadPlanned(
        selections.map((selection) => selection.reminderDocumentId),
        ['letter']
      );
      const letters: Letter[] = [];
      const results: DispatchResult[] = [];
      for (const [index, reminder] of reminders.entries()) {
        const invoices = applySelection(reminder.invoices, selections[index].invoiceDocumentIds);
        const chosen = { ...reminder, invoices };
        const { customer, invoices: open } = await this.currentInvoices(chosen);
        if (!customer || open.length === 0 || !reminder.template) {
          results.push({
            documentId: reminder.documentId,
            customerName: reminder.customerName,
            status: 'planned',
            statusReason: 'nothing_selected',
          });
          continue;
        }
        const owner = service('locks').claimToken();
        if (
          !(await take(
            reminder,
            'sending',
            { ...coverage(invoices), ...senderFields(by) },
            `letter produced by ${personName(by)}`,
            now,
            owner
          ))
        ) {
          results.push({
            documentId: reminder.documentId,
            customerName: reminder.customerName,
            status: 'taken',
            statusReason: 'already_handled',
          });
          continue;
        }
        const { letter, subject, text } = await service('messages').compose(
          { template: reminder.template },
          { customer, invoices: open, sender: by, recipient: null, now }
        );
        let sent: ReminderRecord;
        try {
          sent = await service('offline-channels').produceLetter(
            reminder,
            customer,
            letter,
            owner,
            now,
            { subject, body: text }
          );
        } catch {
          // Back in the batch view, the error on its record (offline-channels).
          results.push({
            documentId: reminder.documentId,
            customerName: reminder.customerName,
            status: 'planned',
            statusReason: 'production_failed',
          });
          continue;
        }
        letters.push(letter);
        results.push({
          documentId: sent.documentId,
          customerName: sent.customerName,
          status: sent.status,
          statusReason: null,
        });
      }
      return { pdf: letters.length ? await service('letters').render(letters) : null, results };
    },

    /** Logs a call of the batch's call list (phone or other): its outcome, a promise or a dispute on the invoices. */
    async logCall(
      documentId: string,
      call: CallInput,
      by: Person,
      now = new Date()
    ): Promise<ReminderSummary> {
      const [reminder] = await loadPlanned([documentId], ['phone', 'other']);
      const invoices = reminder.invoices
        .filter((entry) => !entry.excluded)
        .map((entry) => entry.documentId);
      const owner = service('locks').claimToken();
      if (
        !(await take(
          reminder,
          'sending',
          { ...senderFields(by), callOutcome: call.outcome, note: call.note ?? null },
          `call logged by ${personName(by)}`,
          now,
          owner
        ))
      ) {
        throw invalidInput([
          { path: 'documentId', message: 'this call was logged by someone else already' },
        ]);
      }
      return toReminderSummary(
        await service('offline-channels').logCall(reminder.id, invoices, call, by, owner, now)
      );
    },
  };
};
