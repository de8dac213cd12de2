import type { Core } from '@strapi/strapi';

import { PROMISE_UID } from '../content-types/uids';
import type { PromiseRecord } from '../domain/records';
import { queryOf } from './sql/typed-strapi';

/** Promises to pay (plugin::dunning.promise): recorded pending, then kept, broken or cancelled once. */

/** A promise to record: its columns, and who recorded it (an admin's id), if an admin did. */
export type NewPromise = Omit<
  PromiseRecord,
  'id' | 'documentId' | 'createdAt' | 'updatedAt' | 'recordedBy' | 'resolvedAt'
> & { recordedBy: number | null };

export const promiseRepository = (strapi: Core.Strapi) => {
  const query = () => queryOf<PromiseRecord>(strapi, PROMISE_UID);

  return {
    async create(data: NewPromise): Promise<PromiseRecord> {
      return query().create({ data });
    },

    /** Resolves a pending promise; 1 when this call did, 0 when it was resolved already. */
    async resolve(id: number, status: PromiseRecord['status'], at: Date): Promise<number> {
      const { count } = await query().updateMany({
        where: { id, status: 'pending' },
        data: { status, resolvedAt: at },
      });
      return count;
    },

    /** Cancels an invoice's pending promises (a new one replaces them). */
    async cancelPendingOf(invoiceDocumentId: string, at: Date) {
      await query().updateMany({
        where: { invoiceDocumentId, status: 'pending' },
        data: { status: 'cancelled', resolvedAt: at },
      });
    },

    async pendingOf(invoiceDocumentIds: string[]): Promise<PromiseRecord[]> {
      return query().findMany({
        where: { invoiceDocumentId: { $in: invoiceDocumentIds }, status: 'pending' },
      });
    },

    /** Pending promises dated before `until`, oldest first. */
    async pendingBefore(until: string, limit: number): Promise<PromiseRecord[]> {
      return query().findMany({
        where: { status: 'pending', date: { $lt: until } },
        orderBy: [{ id: 'asc' }],
        limit,
      });
    },

    /** A customer's promises, latest first. */
    async ofCustomer(customerDocumentId: string, limit: number): Promise<PromiseRecord[]> {
      return query().findMany({
        where: { customerDocumentId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit,
      });
    },
  };
};
