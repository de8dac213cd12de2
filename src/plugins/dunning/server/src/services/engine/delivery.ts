import type { Core } from '@strapi/strapi';

import type { ReminderRecord } from '../../domain/records';
import { reminderRepository } from '../../repositories/reminders';
import { getPluginConfig, getPluginService } from '../../utils/plugin';
import type { Person } from '../messages';
import { deliveryState } from './delivery-state';
import { sendPreparation } from './send-preparation';
import { sendWaves } from './send-waves';

/**
 * Sends queued e-mail reminders, each exactly once by our own doing (docs/engine.md,
 * "Sending, once"): claim with one conditional update, re-read the invoices right
 * before sending (send-preparation.ts), hand the message over with a deterministic
 * Message-ID and record the outcome (send-waves.ts). SMTP 4xx is retried with backoff,
 * 5xx fails; a hand-off whose outcome is unknown is flagged uncertain, never sent again
 * by the engine. What this instance keeps between sends is in delivery-state.ts.
 */

/** How many reminders one call claims, re-reads and prepares at once, ahead of the waves that send them. */
const CLAIM_BATCH = 100;

/** The tick's time, running on from `now` (real or simulated) as real time passes. */
const clockFrom = (now: Date) => {
  const startedAt = Date.now();
  return () => new Date(now.getTime() + Date.now() - startedAt);
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  const leaseUntil = (at: Date) =>
    new Date(at.getTime() + getPluginConfig(strapi).engine.leaseSeconds * 1000);
  const state = deliveryState();
  const preparation = sendPreparation(strapi);
  const sendInWaves = sendWaves(strapi, state);

  return {
    /** Claims one queued reminder and sends it. Returns the record as it ends up. */
    async deliver(documentId: string, now = new Date()): Promise<ReminderRecord> {
      const reminders = reminderRepository(strapi);
      const owner = service('locks').claimToken();
      const clock = clockFrom(now);
      let result: ReminderRecord | undefined;
      await state.tracked(
        (async () => {
          const claimed = await reminders.claim([documentId], owner, leaseUntil(clock()));
          if (claimed.length > 0)
            await sendInWaves(
              [await preparation.prepareClaimed(claimed, now, preparation.lookups())],
              clock,
              owner,
              (reminder) => (result = reminder)
            );
        })()
      );
      return result ?? ((await service('reminders').findOne(documentId)) as ReminderRecord);
    },

    /** A person's "Resend" (activities page): back to the queue, then out at once. */
    async resend(documentId: string, by: Person) {
      await service('reminders').resend(documentId, by);
      await this.deliver(documentId);
      return service('reminders').detail(documentId);
    },

    /**
     * Sends every queued reminder whose time has come: claimed a hundred at a time (the
     * next hundred while this one leaves), their invoices re-read and their mails
     * prepared together, then handed over in waves of `sendConcurrency` (send-waves.ts).
     * Any instance may run this at any moment: the claims keep each send single. An
     * instance that dies leaves at most WAVES_ON_THE_WIRE waves `uncertain`; the rest of
     * what it claimed had not left and is queued again when its lease lapses.
     */
    async sendQueued(now = new Date()) {
      const reminders = reminderRepository(strapi);
      const owner = service('locks').claimToken();
      const clock = clockFrom(now);
      const lookups = preparation.lookups();
      const seen = new Set<string>();
      const outcome: Record<string, number> = {};
      if (state.halted(now)) return outcome;
      // Each claim's lease starts when it is taken, not when the tick began.
      const claimNext = async () => {
        if (state.halted(clock())) return null;
        const batch = (await reminders.dueForSending(now, CLAIM_BATCH)).filter(
          (id) => !seen.has(id)
        );
        if (batch.length === 0) return null;
        batch.forEach((id) => seen.add(id));
        return preparation.prepareClaimed(
          await reminders.claim(batch, owner, leaseUntil(clock())),
          now,
          lookups
        );
      };
      // The next hundred is claimed and prepared while the waves of this one go out: the
      // database's round trips overlap the sending. A failure surfaces where it is awaited.
      const batches = async function* () {
        for (let next = claimNext(); ;) {
          const preparations = await next;
          if (!preparations) return;
          next = claimNext();
          next.catch(() => undefined);
          yield preparations;
        }
      };
      await state.tracked(
        sendInWaves(batches(), clock, owner, (reminder) => {
          outcome[reminder.status] = (outcome[reminder.status] ?? 0) + 1;
        })
      );
      return outcome;
    },

    /**
     * Strapi's destroy (a SIGTERM in a rolling restart): claims nothing more, lets the
     * mails on the wire be answered and recorded, gives back what was claimed but not
     * handed over — for at most `timeoutMs`; what is still on the wire then is on the
     * record and becomes `uncertain` after its lease.
     */
    async stop(timeoutMs: number) {
      await state.stop(timeoutMs);
    },
  };
};
