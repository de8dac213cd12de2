import { retryDelayMs } from '../../domain/delivery';

/**
 * What one instance of the delivery service keeps between its sends: whether the mail
 * server asked every send to wait (the deferral), whether the instance is stopping, and
 * the sends under way, for `stop` to wait for. This instance's own view: another
 * instance learns the same from the server by itself.
 */
export const deliveryState = () => {
  /**
   * The server asked every send to wait (it is down, or throttling): from when, until
   * when, and how many deferrals in a row, for the backoff. A send that goes through
   * clears it.
   */
  let deferral = { from: 0, until: 0, count: 0 };
  /** Set by `stop` (Strapi's destroy): claim nothing more, hand back what has not left. */
  let stopping = false;
  const running = new Set<Promise<unknown>>();

  // A clock set before the deferral (a simulated one) is another timeline: it does not wait.
  const isDeferred = (at: Date) => at.getTime() >= deferral.from && at.getTime() < deferral.until;

  return {
    isDeferred,

    /** Until when every send waits (meaningful while `isDeferred`). */
    deferredUntil: () => new Date(deferral.until),

    /**
     * The server deferred a send at `at`: the wait grows with each deferral in a row, not
     * with each mail answered during one. Returns until when every send waits.
     */
    defer(at: Date, retryBaseMs: number): Date {
      if (!isDeferred(at)) {
        const count = deferral.count + 1;
        deferral = {
          from: at.getTime(),
          count,
          until: at.getTime() + retryDelayMs(count, retryBaseMs),
        };
      }
      return new Date(deferral.until);
    },

    /** A send went through: the server takes mail again. */
    clearDeferral() {
      deferral = { from: 0, until: 0, count: 0 };
    },

    isStopping: () => stopping,

    /** Nothing more is handed over at `at`: the instance is stopping, or the server asked to wait. */
    halted: (at: Date) => stopping || isDeferred(at),

    /** Runs `work` as one of this instance's sends, for `stop` to wait for. */
    async tracked<T>(work: Promise<T>): Promise<T> {
      running.add(work);
      try {
        return await work;
      } finally {
        running.delete(work);
      }
    },

    /** Stops claiming, and waits for the sends under way — for at most `timeoutMs`. */
    async stop(timeoutMs: number) {
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.allSettled([...running]), timeout]);
      clearTimeout(timer);
    },
  };
};

export type DeliveryState = ReturnType<typeof deliveryState>;
