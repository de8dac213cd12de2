import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from './sql/db';

/**
 * The one reader and writer of `dunning_customer_settings`: what the plugin keeps about a
 * customer of the mapped type (one row per customer documentId), so the host's model
 * needs no field for it. The owner is an id rather than a relation so that "My accounts"
 * is one indexed column in the lists' SQL.
 */

const UID = 'plugin::dunning.customer-setting';
const TABLE = 'dunning_customer_settings';

export type Pause = { pausedUntil: string | null; pauseReason: string | null };

export type CustomerSettings = Pause & { ownerId: number | null };

export const NO_PAUSE: Pause = { pausedUntil: null, pauseReason: null };
const NONE: CustomerSettings = { ...NO_PAUSE, ownerId: null };

/** `YYYY-MM-DD` from SQLite and PostgreSQL alike. */
const dayOf = (value: unknown): string | null => (value ? (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10) : null);

export const customerSettingsRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID as any);

  return {
    /** The settings of these customers, by documentId (every one asked for, with nothing set when none). */
    async ofCustomers(customerDocumentIds: string[]): Promise<Map<string, CustomerSettings>> {
      const found = new Map(customerDocumentIds.map((documentId) => [documentId, NONE]));
      if (customerDocumentIds.length === 0) return found;
      const rows = (await query().findMany({ where: { customerDocumentId: { $in: [...found.keys()] } }, select: ['customerDocumentId', 'pausedUntil', 'pauseReason', 'ownerId'] })) as any[];
      for (const row of rows) found.set(row.customerDocumentId, { pausedUntil: dayOf(row.pausedUntil), pauseReason: row.pauseReason ?? null, ownerId: row.ownerId ?? null });
      return found;
    },

    async write(customerDocumentId: string, data: Partial<CustomerSettings>) {
      // The query engine adds its timestamps to the data it is given: give it a copy. Of two
      // first writes at once, the unique index lets one create the row; the other updates it.
      const update = () => query().updateMany({ where: { customerDocumentId }, data: { ...data } });
      if ((await update()).count > 0) return;
      try {
        await query().create({ data: { customerDocumentId, ...data } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        await update();
      }
    },

    /** "My accounts": the documentIds of the customers `ownerId` owns, as a subquery for the lists' SQL. */
    ownedBy(ownerId: number) {
      return strapi.db.connection(TABLE).select('customer_document_id').where('owner_id', ownerId);
    },
  };
};
