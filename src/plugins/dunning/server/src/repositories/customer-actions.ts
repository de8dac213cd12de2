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
export type NewCustomerAction = Omit<CustomerAction, 'documentId' | 'source' | 'createdAt'> & {
  idempotencyKey: string;
};

export type { CustomerAction };

type Entity = Record<string, any>;

const toAction = ({
  id,
  idempotencyKey,
  publishedAt,
  updatedAt,
  ...action
}: Entity): CustomerAction =>
  ({
    ...action,
    amount: action.amount === null || action.amount === undefined ? null : Number(action.amount),
  }) as CustomerAction;

export const customerActionRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID as any);

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
      const rows = (await query().findMany({
        select: ['createdAt'],
        where: { customerDocumentId, kind: { $in: [...kinds] }, createdAt: { $gt: since } },
        orderBy: [{ createdAt: 'desc' }],
        limit,
      })) as Array<{ createdAt: Date | string }>;
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
        }) as Promise<Entity[]>,
        query().count({ where }),
      ]);
      return { actions: rows.map(toAction), total };
    },
  };
};
