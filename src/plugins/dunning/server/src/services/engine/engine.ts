import type { Core } from '@strapi/strapi';
import cron, { type ScheduledTask } from 'node-cron';

import { reminderRepository } from '../../repositories/reminders';
import { getPluginConfig, getPluginService } from '../../utils/plugin';
import type { PlanReport } from './planner';

/**
 * The automatic engine (SPEC F4.3): a tick sweeps lapsed sends (uncertain, or queued
 * again when nothing had been handed over), plans the due steps (one planner at a time
 * across instances, under a lease), sends what is queued (any instance, under
 * per-reminder claims) and tells senders. node-cron runs the tick on the configured
 * schedule; with several instances, each cron slot runs on the one instance that
 * claims it in the database.
 */

export type TickReport = {
  at: string;
  /** Sends found without an outcome after their lease, their message on the record. */
  uncertain: number;
  /** Sends found claimed after their lease with nothing handed over: queued again. */
  requeued: number;
  /** Promises whose date and grace period are over. */
  promises: { kept: number; broken: number };
  /** Null when another instance was planning. */
  planned: PlanReport | null;
  sent: Record<string, number>;
  notices: { notices: number; digests: number };
};

const DAY = 24 * 3600 * 1000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  let task: ScheduledTask | null = null;
  let stopping = false;
  const ticks = new Set<Promise<unknown>>();

  return {
    async tick({ now = new Date() }: { now?: Date } = {}): Promise<TickReport> {
      const ticking = (async () => {
        const { uncertain, requeued, promises, planned } = await this.plan(now);
        const sent = await service('delivery').sendQueued(now);
        const notices = stopping ? { notices: 0, digests: 0 } : await service('notices').send(now);
        await service('locks').prune('cron:', new Date(now.getTime() - DAY));
        await service('locks').prune('digest:', new Date(now.getTime() - 7 * DAY));
        return { at: now.toISOString(), uncertain, requeued, promises, planned, sent, notices };
      })();
      ticks.add(ticking);
      try {
        return await ticking;
      } finally {
        ticks.delete(ticking);
      }
    },

    /**
     * The tick up to sending: lapsed sends swept, promises reviewed, the due steps
     * planned and queued (by the one instance holding the planner lease).
     */
    async plan(
      now: Date
    ): Promise<Pick<TickReport, 'uncertain' | 'requeued' | 'promises' | 'planned'>> {
      const locks = service('locks');
      const { uncertain, requeued } = await reminderRepository(strapi).sweepLapsedClaims(now);
      const promises = await service('promises').reviewDue(now);
      let planned: PlanReport | null = null;
      if (
        !stopping &&
        (await locks.acquire('planner', getPluginConfig(strapi).engine.leaseSeconds * 1000, now))
      ) {
        try {
          planned = await service('planner').plan(now);
        } finally {
          await locks.release('planner');
        }
      }
      return { uncertain, requeued, promises, planned };
    },

    /** Schedules the tick (bootstrap); off when `cron.enabled` is false (tests call `tick` themselves). */
    start() {
      const { cron: schedule, engine } = getPluginConfig(strapi);
      if (!schedule.enabled || task) return;
      task = cron.schedule(
        schedule.expression,
        () =>
          this.tick().catch((error: Error) =>
            strapi.log.error(`[dunning] engine tick failed: ${error.stack ?? error.message}`)
          ),
        {
          name: 'dunning-engine',
          timezone: schedule.timezone,
          noOverlap: true,
          distributed: true,
          distributedLease: engine.leaseSeconds * 1000,
          runCoordinator: {
            shouldRun: (key: string, ttlMs: number) =>
              service('locks').claimOnce(`cron:${key}`, ttlMs),
          },
        }
      );
    },

    /**
     * Strapi's destroy (SIGTERM in a rolling restart): no new tick; sending stops
     * claiming, lets the mails on the wire finish and gives back the rest
     * (delivery.stop); the tick under way ends, and the planner lease is let go — all
     * within `engine.stopTimeoutSeconds`.
     */
    async stop() {
      stopping = true;
      await task?.destroy();
      task = null;
      const timeoutMs = getPluginConfig(strapi).engine.stopTimeoutSeconds * 1000;
      const started = Date.now();
      await service('delivery').stop(timeoutMs);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...ticks]),
        new Promise(
          (resolve) =>
            (timer = setTimeout(resolve, Math.max(0, timeoutMs - (Date.now() - started))))
        ),
      ]);
      clearTimeout(timer);
      // On the way out an error is told, not thrown: the lease lapses by itself anyway.
      await service('locks')
        .release('planner')
        .catch((error: Error) =>
          strapi.log.warn(
            `[dunning] could not release the planner lease on shutdown: ${error.message}`
          )
        );
    },
  };
};
