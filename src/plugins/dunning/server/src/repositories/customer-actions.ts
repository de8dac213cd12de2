import type { Core } from '@strapi/strapi';
import type { CustomerAction } from '../../../shared/contracts/portal';
import { isUniqueViolation } from './sql/db';

/**
 * The record of what customers did from the portal (issue #22). Each action is written
 * under its idempotency key, which a unique index guards: of two posts of the same form,
 * one is recorded and the other finds it there.
 */

const UID = 'plugin::dunning.customer-action';

/** An action to record: what the statement lists, less what the record itself gives, under its idempotency key. */
export type NewCustomerAction = Omit<CustomerAction, 'documentId' | 'source' | 'createdAt'> & { idempotencyKey: string };

export type { CustomerAction };

type Entity = Record<string, any>;

const toAction = ({ id, idempotencyKey, publishedAt, updatedAt, ...action }: Entity): CustomerAction =>
  ({ ...action, amount: action.amount === null || action.amount === undefined ? null : Number(action.amount) }) as CustomerAction;

export const customerActionRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID as any);

  return {
    /** Writes the action, or says that its key is on the record already (nothing written). */
    async recordOnce(action: NewCustomerAction, now: Date): Promise<{ recorded: true; id: number } | { recorded: false }> {
      try {
        const created = await query().create({ data: { ...action, source: 'portal', publishedAt: now } });
        return { recorded: true, id: created.id };
      } catch (error) {
        if (isUniqueViolation(error)) return { recorded: false };
        throw error;
      }
    },

    /** Takes back an action whose effect could not be written, so that posting it again tries again. */
    async remove(id: number) {
      await query().delete({ where: { id } });
    },

    /** A customer's actions, latest first (the statement view shows them). */
    async ofCustomer(customerDocumentId: string): Promise<CustomerAction[]> {
      const rows = (await query().findMany({ where: { customerDocumentId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: 200 })) as Entity[];
      return rows.map(toAction);
    },
  };
};
