import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '../repositories/sql/db';

/**
 * Named leases in the database, so that one Strapi instance at a time plans reminders,
 * runs a cron slot or sends a daily digest, whatever the number of instances. A lease
 * is taken with one conditional update (or the insert of its row, under a unique index)
 * and lapses by itself, so a crashed holder blocks nobody for longer than its lease.
 */

const UID = 'plugin::dunning.lock';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** This instance, in every lease and claim it takes. */
  const instanceId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const query = () => strapi.db.query(UID as any);
  let claims = 0;

  return {
    instanceId: () => instanceId,

    /**
     * A token for one claim of reminders, unique to this instance and this claim: a
     * claim holder that stalled past its lease cannot pass for a later claim of the
     * same process.
     */
    claimToken: () => `${instanceId}#${++claims}`,

    /** True when this instance holds `name` until now + ttl (taken, or renewed). */
    async acquire(name: string, ttlMs: number, now = new Date()): Promise<boolean> {
      const leaseUntil = new Date(now.getTime() + ttlMs);
      const { count } = await query().updateMany({
        where: { name, $or: [{ leaseUntil: { $lt: now } }, { owner: instanceId }] },
        data: { owner: instanceId, leaseUntil },
      });
      if (count > 0) return true;
      return this.claimOnce(name, ttlMs, now);
    },

    /** True for the one instance that first claims `name` (a job done once, e.g. one day's digest). */
    async claimOnce(name: string, keepMs: number, now = new Date()): Promise<boolean> {
      try {
        await query().create({ data: { name, owner: instanceId, leaseUntil: new Date(now.getTime() + keepMs), publishedAt: now } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    /** Lets go of a lease this instance holds. */
    async release(name: string) {
      await query().deleteMany({ where: { name, owner: instanceId } });
    },

    /** Forgets lapsed leases whose names start with `prefix` (one row per cron slot adds up). */
    async prune(prefix: string, before: Date) {
      await query().deleteMany({ where: { name: { $startsWith: prefix }, leaseUntil: { $lt: before } } });
    },
  };
};
