import type { Core } from '@strapi/strapi';

import type { ReceivablesMapping } from '../../domain/receivables-mapping';
import { documentsOf, queryOf } from '../sql/typed-strapi';
import { hasDrafts, type InvoiceField } from './invoice-table';

/**
 * The writes of the plugin's own fields on the mapped documents: reminder addresses, a
 * scenario, a promised payment date, a dispute.
 */
export const receivableWrites = (strapi: Core.Strapi, mapping: () => ReceivablesMapping) => {
  /**
   * Writes fields on a document. A type with drafts gets them on its published version
   * too, without publishing the team's pending edits; the Document Service's update comes
   * last, so the case sync it triggers reads what was written. `publishedData` holds
   * relations by row id, as the query engine takes them.
   */
  const writeFields = async (
    uid: string,
    documentId: string,
    data: Record<string, unknown>,
    publishedData = data
  ) => {
    if (hasDrafts(strapi, uid)) {
      const rows = await queryOf<{ id: number }>(strapi, uid).findMany({
        where: { documentId, publishedAt: { $notNull: true } },
        select: ['id'],
      });
      for (const row of rows)
        await queryOf(strapi, uid).update({ where: { id: row.id }, data: publishedData });
    }
    await documentsOf(strapi, uid).update({ documentId, data });
  };

  /** Writes one mapped invoice field (when the model has it) on each of these invoices. */
  const writeInvoices = async (
    field: InvoiceField,
    invoiceDocumentIds: string[],
    value: unknown
  ) => {
    const { uid, fields } = mapping().invoice;
    const name = fields[field];
    if (!name) return;
    for (const documentId of invoiceDocumentIds)
      await writeFields(uid, documentId, { [name]: value });
  };

  return {
    /** F1.3 "use these addresses from now on": the contact and the invoices keep them. */
    async saveReminderAddresses({
      invoiceDocumentIds,
      contactDocumentId,
      addresses,
    }: {
      invoiceDocumentIds: string[];
      contactDocumentId: string | null;
      addresses: string;
    }) {
      await writeInvoices('reminderEmails', invoiceDocumentIds, addresses);
      const { contact } = mapping();
      if (contactDocumentId && contact.fields.reminderEmails)
        await writeFields(contact.uid, contactDocumentId, {
          [contact.fields.reminderEmails]: addresses,
        });
    },

    /** Sets (or clears, with nulls) the scenario of customers whose model maps one: by documentId, and by row id on published versions. */
    async assignScenario(
      customerDocumentIds: string[],
      scenario: { documentId: string; id: number | null } | null
    ) {
      const { customer } = mapping();
      const field = customer.fields.scenario;
      if (!field) return;
      for (const documentId of customerDocumentIds)
        await writeFields(
          customer.uid,
          documentId,
          { [field]: scenario?.documentId ?? null },
          { [field]: scenario?.id ?? null }
        );
    },

    /** The promised payment date of invoices (null clears it: the promise is over). */
    setPromisedPaymentDate: (invoiceDocumentIds: string[], date: string | null) =>
      writeInvoices('promisedPaymentDate', invoiceDocumentIds, date),

    /** Flags invoices disputed. */
    markDisputed: (invoiceDocumentIds: string[]) =>
      writeInvoices('disputed', invoiceDocumentIds, true),
  };
};
