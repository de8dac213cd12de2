import { randomUUID } from 'node:crypto';
import os from 'node:os';

import type { Core } from '@strapi/strapi';

import { lockRepository } from '../../repositories/locks';

/**
 * Named leases in the database, so that one Strapi instance at a time plans reminders,
 * runs a cron slot or sends a daily digest, whatever the number of instances. A lease
 * is taken with one conditional update (or the insert of its row, under a unique index)
 * and lapses by itself, so a crashed holder blocks nobody for longer than its lease.
 */

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** This instance, in every lease and claim it takes. */
  const instanceId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const locks = () => lockRepository(strapi);
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
      if (await locks().takeOrRenew(name, instanceId, new Date(now.getTime() + ttlMs), now))
        return true;
      return this.claimOnce(name, ttlMs, now);
    },

    /** True for the one instance that first claims `name` (a job done once, e.g. one day's digest). */
    async claimOnce(name: string, keepMs: number, now = new Date()): Promise<boolean> {
      return locks().insert(name, instanceId, new Date(now.getTime() + keepMs), now);
    },

    /** Lets go of a lease this instance holds. */
    async release(name: string) {
      await locks().release(name, instanceId);
    },

    /** Forgets lapsed leases whose names start with `prefix` (one row per cron slot adds up). */
    async prune(prefix: string, before: Date) {
      await locks().prune(prefix, before);
    },
  };
};
