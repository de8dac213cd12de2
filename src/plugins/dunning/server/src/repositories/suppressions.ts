import type { Core } from '@strapi/strapi';

import { SUPPRESSION_UID } from '../content-types/uids';
import { normaliseAddress } from '../domain/suppressions';
import { unlessTaken } from './sql/db';
import { queryOf } from './sql/typed-strapi';

/** The one reader and writer of `dunning_suppressions`: the addresses reminders bounced from, each once, lower-case. */

export type Suppression = {
  address: string;
  customerDocumentId: string | null;
  reminderDocumentId: string | null;
  reason: string | null;
  bouncedAt: string;
};

/** A suppressed address as saved (content-types/suppression). */
type SuppressionRecord = Suppression & { id: number; documentId: string };

const FIELDS = ['address', 'customerDocumentId', 'reminderDocumentId', 'reason', 'bouncedAt'];

export const suppressionRepository = (strapi: Core.Strapi) => {
  const query = () => queryOf<SuppressionRecord>(strapi, SUPPRESSION_UID);

  return {
    /** Which of `addresses` are on the list, normalised. */
    async among(addresses: string[]): Promise<Set<string>> {
      const wanted = [...new Set(addresses.map(normaliseAddress))];
      if (wanted.length === 0) return new Set();
      const rows = await query().findMany<Pick<SuppressionRecord, 'address'>>({
        where: { address: { $in: wanted } },
        select: ['address'],
      });
      return new Set(rows.map((row) => row.address));
    },

    /** Puts an address on the list; one already there keeps its first bounce. */
    async add(entry: Omit<Suppression, 'bouncedAt'>, at: Date) {
      await unlessTaken(strapi, () =>
        query().create({
          data: { ...entry, address: normaliseAddress(entry.address), bouncedAt: at },
        })
      );
    },

    /** The list, latest bounce first, at most `limit` addresses. */
    async latest(limit: number): Promise<Suppression[]> {
      const rows = await query().findMany<Omit<SuppressionRecord, 'id' | 'documentId'>>({
        select: FIELDS,
        orderBy: [{ bouncedAt: 'desc' }, { id: 'desc' }],
        limit,
      });
      return rows.map((row) => ({ ...row, bouncedAt: new Date(row.bouncedAt).toISOString() }));
    },

    /** Takes off the list a customer's addresses and `addresses`; how many went. */
    async remove(customerDocumentId: string, addresses: string[]): Promise<number> {
      const { count } = await query().deleteMany({
        where: {
          $or: [{ customerDocumentId }, { address: { $in: addresses.map(normaliseAddress) } }],
        },
      });
      return count;
    },
  };
};
