import type { Core } from '@strapi/strapi';

import { CUSTOMER_SETTING_TABLE, CUSTOMER_SETTING_UID } from '../content-types/uids';
import { type CustomerSettingsFields, dateOnly, NO_SETTINGS } from '../domain/records';
import { unlessTaken } from './sql/db';
import { queryOf, type SqlQuery } from './sql/typed-strapi';

/**
 * The one reader and writer of `dunning_customer_settings`: what the plugin keeps about a
 * customer of the mapped type (one row per customer documentId), so the host's model
 * needs no field for it. The owner is an id rather than a relation so that "My accounts"
 * is one indexed column in the lists' SQL.
 */

export type Pause = { pausedUntil: string | null; pauseReason: string | null };

export type CustomerSettings = CustomerSettingsFields;

export const NO_PAUSE: Pause = {
  pausedUntil: NO_SETTINGS.pausedUntil,
  pauseReason: NO_SETTINGS.pauseReason,
};

/** A customer's settings as saved (content-types/customer-setting): the pause's day as the database gives it. */
type CustomerSettingRecord = {
  id: number;
  documentId: string;
  customerDocumentId: string;
  pausedUntil: string | number | Date | null;
  pauseReason: string | null;
  ownerId: number | null;
};

const settingsOf = (row: {
  pausedUntil?: unknown;
  pauseReason?: string | null;
  ownerId?: number | null;
}): CustomerSettings => ({
  pausedUntil: dateOnly(row.pausedUntil),
  pauseReason: row.pauseReason ?? null,
  ownerId: row.ownerId ?? null,
});

/** The columns read of a customer's settings, by field. */
const COLUMNS = {
  pausedUntil: 'paused_until',
  pauseReason: 'pause_reason',
  ownerId: 'owner_id',
} as const;

/**
 * Left-joins, as `alias`, the settings of the customer whose documentId is in the column
 * `customerDocumentId` of a knex query: the customer's pause and owner come with the row
 * that reads it, with no second statement.
 */
export const joinSettings = (query: SqlQuery, alias: string, customerDocumentId: string) =>
  query.leftJoin(
    `${CUSTOMER_SETTING_TABLE} as ${alias}`,
    `${alias}.customer_document_id`,
    customerDocumentId
  );

/** Selects the settings joined as `alias` (joinSettings), for settingsIn to read back from the rows. */
export const selectSettings = (query: SqlQuery, alias: string) =>
  query.select(
    Object.entries(COLUMNS).map(([field, column]) => `${alias}.${column} as ${alias}__${field}`)
  );

/** The settings of a row of a query that selectSettings selected as `alias` (nothing set when the customer has no row). */
export const settingsIn = (row: Record<string, unknown>, alias: string): CustomerSettings =>
  settingsOf({
    pausedUntil: row[`${alias}__pausedUntil`],
    pauseReason: row[`${alias}__pauseReason`] as string | null,
    ownerId: row[`${alias}__ownerId`] as number | null,
  });

export const customerSettingsRepository = (strapi: Core.Strapi) => {
  const query = () => queryOf<CustomerSettingRecord>(strapi, CUSTOMER_SETTING_UID);

  return {
    /** The settings of these customers, by documentId (every one asked for, with nothing set when none). */
    async ofCustomers(customerDocumentIds: string[]): Promise<Map<string, CustomerSettings>> {
      const found = new Map(customerDocumentIds.map((documentId) => [documentId, NO_SETTINGS]));
      if (customerDocumentIds.length === 0) return found;
      const rows = await query().findMany<Omit<CustomerSettingRecord, 'id' | 'documentId'>>({
        where: { customerDocumentId: { $in: [...found.keys()] } },
        select: ['customerDocumentId', 'pausedUntil', 'pauseReason', 'ownerId'],
      });
      for (const row of rows) found.set(row.customerDocumentId, settingsOf(row));
      return found;
    },

    async write(customerDocumentId: string, data: Partial<CustomerSettings>) {
      // The query engine adds its timestamps to the data it is given: give it a copy. Of two
      // first writes at once, the unique index lets one create the row; the other updates it.
      const update = () => query().updateMany({ where: { customerDocumentId }, data: { ...data } });
      if ((await update()).count > 0) return;
      if (
        (await unlessTaken(strapi, () =>
          query().create({ data: { customerDocumentId, ...data } })
        )) === null
      )
        await update();
    },

    /** "My accounts": the documentIds of the customers `ownerId` owns, as a subquery for the lists' SQL. */
    ownedBy(ownerId: number) {
      return strapi.db
        .connection(CUSTOMER_SETTING_TABLE)
        .select('customer_document_id')
        .where('owner_id', ownerId);
    },
  };
};
