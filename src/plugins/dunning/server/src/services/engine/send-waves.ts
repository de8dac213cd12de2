import type { Core } from '@strapi/strapi';

import { WAVES_ON_THE_WIRE } from '../../domain/delivery';
import type { ReminderRecord } from '../../domain/records';
import {
  acceptedOutcome,
  failureOf,
  type Refusal,
  refusedOutcome,
  type SendError,
} from '../../domain/send-outcome';
import { chunksOf } from '../../helpers';
import { handBacks, type Outcome, reminderRepository } from '../../repositories/reminders';
import { getPluginConfig, getPluginService } from '../../utils/plugin';
import type { OutgoingMail } from '../mailer';
import type { DeliveryState } from './delivery-state';
import type { Preparation, ReadyToSend } from './send-preparation';

/**
 * The send loop: prepared mails handed over in waves of `sendConcurrency`, each wave on
 * the record before it leaves, each answer recorded as the reminder's outcome
 * (domain/send-outcome.ts), under the claim of `owner` (docs/engine.md, "Sending, once").
 */
export const sendWaves = (strapi: Core.Strapi, state: DeliveryState) => {
  const engineConfig = () => getPluginConfig(strapi).engine;

  /** Hands a prepared mail over; what the server said, to be recorded. `clock` runs on from the tick's time. */
  const handOver = async (
    reminder: ReminderRecord,
    mail: OutgoingMail,
    clock: () => Date
  ): Promise<Outcome> => {
    const attempts = Number(reminder.attempts ?? 0) + 1;
    try {
      const sent = await getPluginService(strapi, 'mailer').send(mail);
      state.clearDeferral();
      const at = clock();
      return { reminder, at, ...acceptedOutcome(sent, attempts, at) };
    } catch (caught) {
      const error = caught as SendError;
      const at = clock();
      const { maxAttempts, retryBaseSeconds } = engineConfig();
      const failure = failureOf(error);
      const refusal: Refusal =
        failure === 'defer'
          ? { failure, until: state.defer(at, retryBaseSeconds * 1000) }
          : { failure };
      return {
        reminder,
        at,
        ...refusedOutcome(error, refusal, attempts, at, {
          maxAttempts,
          retryBaseMs: retryBaseSeconds * 1000,
        }),
      };
    }
  };

  /**
   * Hands the prepared mails over, `sendConcurrency` at a time, and records how each
   * ends. Each wave's messages go on the record at once (one statement on PostgreSQL),
   * with the outcomes that came in since the previous one, then leave without waiting
   * for the server: the next wave is prepared and recorded while earlier ones are on
   * the wire. At most WAVES_ON_THE_WIRE waves are between "on the record" and "outcome
   * written": what a crash leaves `uncertain`. Once the server defers, or the instance
   * stops, nothing more is handed over: the rest is given back to the queue. Waits for
   * every mail on the wire before it returns or throws. Calls `settled` with each
   * reminder as it ends up.
   */
  return async (
    batches: Iterable<Preparation[]> | AsyncIterable<Preparation[]>,
    clock: () => Date,
    owner: string,
    settled: (reminder: ReminderRecord) => void
  ) => {
    const { sendConcurrency } = engineConfig();
    const reminders = reminderRepository(strapi);
    const inFlight = new Set<Promise<void>>();
    let answered: Outcome[] = [];
    const write = async (wave: ReadyToSend[]) => {
      const outcomes = answered;
      answered = [];
      if (outcomes.length === 0 && wave.length === 0) return new Set<number>();
      const { settled: ended, recorded } = await reminders.recordWave(
        owner,
        outcomes,
        wave.map(({ reminder, record }) => ({ id: reminder.id, data: record }))
      );
      ended.forEach(settled);
      return recorded;
    };
    const giveBack = (wave: ReadyToSend[]) => {
      const at = clock();
      const until = state.deferredUntil();
      const waiting = state.isDeferred(at)
        ? { nextAttemptAt: until, statusReason: 'server_deferred' }
        : {};
      const why = state.isStopping()
        ? 'this instance is stopping'
        : `the mail server asked to wait until ${until.toISOString()}`;
      answered.push(
        ...handBacks(
          wave.map((ready) => ready.reminder),
          at,
          `not handed over: ${why}`,
          waiting
        )
      );
    };
    try {
      for await (const preparations of batches) {
        for (const preparation of preparations)
          if ('outcome' in preparation) answered.push(preparation.outcome);
        for (const wave of chunksOf(
          preparations.filter((preparation): preparation is ReadyToSend => 'mail' in preparation),
          sendConcurrency
        )) {
          while (inFlight.size > WAVES_ON_THE_WIRE * sendConcurrency - wave.length)
            await Promise.race(inFlight);
          if (state.halted(clock())) {
            giveBack(wave);
            continue;
          }
          const recorded = await write(wave);
          for (const { reminder, mail } of wave.filter((ready) =>
            recorded.has(ready.reminder.id)
          )) {
            const handing: Promise<void> = handOver(reminder, mail, clock).then((outcome) => {
              answered.push(outcome);
              inFlight.delete(handing);
            });
            inFlight.add(handing);
          }
        }
      }
    } finally {
      // Whatever happened, no mail is left on the wire behind the caller's back.
      await Promise.all(inFlight);
    }
    await write([]);
  };
};
