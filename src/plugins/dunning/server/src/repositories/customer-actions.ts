import type { Core } from '@strapi/strapi';
import type { CustomerAction } from '../../../shared/contracts/portal';
import { unlessTaken } from './sql/db';

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
    /** Writes the action; false when its key is on the record already (nothing written). */
    async recordOnce(action: NewCustomerAction, now: Date): Promise<boolean> {
      return (await unlessTaken(strapi, () => query().create({ data: { ...action, source: 'portal', publishedAt: now } }))) !== null;
    },

    /** A customer's actions, latest first (the statement view shows them). */
    async ofCustomer(customerDocumentId: string): Promise<CustomerAction[]> {
      const rows = (await query().findMany({ where: { customerDocumentId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: 200 })) as Entity[];
      return rows.map(toAction);
    },
  };
};
