import type { Core } from '@strapi/strapi';

import { LOCK_UID } from '../content-types/uids';
import { unlessTaken } from './sql/db';
import { queryOf } from './sql/typed-strapi';

/** Named leases (plugin::dunning.lock): one row per name, under a unique index. */

/** A lease as saved (content-types/lock). */
type LockRecord = { id: number; documentId: string; name: string; owner: string; leaseUntil: Date };

export const lockRepository = (strapi: Core.Strapi) => {
  const query = () => queryOf<LockRecord>(strapi, LOCK_UID);

  return {
    /** Takes `name` for `owner` until `leaseUntil` if its lease lapsed or `owner` holds it: one conditional update. */
    async takeOrRenew(name: string, owner: string, leaseUntil: Date, now: Date): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { name, $or: [{ leaseUntil: { $lt: now } }, { owner }] },
        data: { owner, leaseUntil },
      });
      return count > 0;
    },

    /** Inserts the row of `name`; false when it exists already. */
    async insert(name: string, owner: string, leaseUntil: Date, now: Date): Promise<boolean> {
      return (
        (await unlessTaken(strapi, () =>
          query().create({ data: { name, owner, leaseUntil, publishedAt: now } })
        )) !== null
      );
    },

    async release(name: string, owner: string) {
      await query().deleteMany({ where: { name, owner } });
    },

    /** Forgets the leases named `prefix…` that lapsed before `before`. */
    async prune(prefix: string, before: Date) {
      await query().deleteMany({
        where: { name: { $startsWith: prefix }, leaseUntil: { $lt: before } },
      });
    },
  };
};
