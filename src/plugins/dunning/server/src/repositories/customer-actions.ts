import type { Core } from '@strapi/strapi';

import type { CustomerAction } from '../../../shared/contracts/portal';
import { CUSTOMER_ACTION_UID } from '../content-types/uids';
import { unlessTaken } from './sql/db';
import { queryOf } from './sql/typed-strapi';

/**
 * The record of what customers did from the portal (SPEC F7.4). Each action is written
 * under its idempotency key, which a unique index guards: of two posts of the same form,
 * one is recorded and the other finds it there.
 */

/** An action to record: what the statement lists, less what the record itself gives, under its idempotency key. */
export type NewCustomerAction = Omit<CustomerAction, 'documentId' | 'source' | 'createdAt'> & {
  idempotencyKey: string;
};

export type { CustomerAction };

/** An action as saved (content-types/customer-action): the amount a string on PostgreSQL's numeric. */
type CustomerActionRecord = Omit<CustomerAction, 'amount'> & {
  id: number;
  amount: number | string | null;
  idempotencyKey: string;
  publishedAt: unknown;
  updatedAt: unknown;
};

const toAction = ({
  id,
  idempotencyKey,
  publishedAt,
  updatedAt,
  ...action
}: CustomerActionRecord): CustomerAction => ({
  ...action,
  amount: action.amount === null || action.amount === undefined ? null : Number(action.amount),
});

export const customerActionRepository = (strapi: Core.Strapi) => {
  const query = () => queryOf<CustomerActionRecord>(strapi, CUSTOMER_ACTION_UID);

  return {
    /** Writes the action; false when its key is on the record already (nothing written). */
    async recordOnce(action: NewCustomerAction, now: Date): Promise<boolean> {
      return (
        (await unlessTaken(strapi, () =>
          query().create({ data: { ...action, source: 'portal', publishedAt: now } })
        )) !== null
      );
    },

    /** Whether an action is on the record under this key. */
    async has(idempotencyKey: string): Promise<boolean> {
      return (await query().count({ where: { idempotencyKey } })) > 0;
    },

    /**
     * When a customer's latest actions of these kinds were recorded after `since`: latest
     * first, at most `limit` of them (a range scan of the customer and creation index, in
     * the database every instance shares).
     */
    async recordedSince(
      customerDocumentId: string,
      kinds: readonly CustomerAction['kind'][],
      since: Date,
      limit: number
    ): Promise<Date[]> {
      const rows = await query().findMany<Pick<CustomerActionRecord, 'createdAt'>>({
        select: ['createdAt'],
        where: { customerDocumentId, kind: { $in: [...kinds] }, createdAt: { $gt: since } },
        orderBy: [{ createdAt: 'desc' }],
        limit,
      });
      return rows.map(({ createdAt }) => new Date(createdAt));
    },

    /** A page of a customer's actions, latest first, and how many there are (the customer's page in the admin). */
    async ofCustomer(
      customerDocumentId: string,
      { page, pageSize }: { page: number; pageSize: number }
    ): Promise<{ actions: CustomerAction[]; total: number }> {
      const where = { customerDocumentId };
      const [rows, total] = await Promise.all([
        query().findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * pageSize,
          limit: pageSize,
        }),
        query().count({ where }),
      ]);
      return { actions: rows.map(toAction), total };
    },
  };
};
