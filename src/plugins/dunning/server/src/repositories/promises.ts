import type { Core } from '@strapi/strapi';

/** Promises to pay (plugin::dunning.promise): recorded pending, then kept, broken or cancelled once. */

const UID = 'plugin::dunning.promise';

type Entity = Record<string, any>;

export const promiseRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID as any);

  return {
    async create(data: Entity): Promise<Entity> {
      return query().create({ data });
    },

    /** Resolves a pending promise; 1 when this call did, 0 when it was resolved already. */
    async resolve(id: number, status: string, at: Date): Promise<number> {
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

    async pendingOf(invoiceDocumentIds: string[]): Promise<Entity[]> {
      return query().findMany({
        where: { invoiceDocumentId: { $in: invoiceDocumentIds }, status: 'pending' },
      });
    },

    /** Pending promises dated before `until`, oldest first. */
    async pendingBefore(until: string, limit: number): Promise<Entity[]> {
      return query().findMany({
        where: { status: 'pending', date: { $lt: until } },
        orderBy: [{ id: 'asc' }],
        limit,
      });
    },

    /** A customer's promises, latest first. */
    async ofCustomer(customerDocumentId: string, limit: number): Promise<Entity[]> {
      return query().findMany({
        where: { customerDocumentId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit,
      });
    },
  };
};
