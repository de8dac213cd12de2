/** Timing, memory and the statistics the bench reports. */

export const median = (values: number[]): number => percentile(values, 50);

/** The nearest-rank percentile. */
export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};

export type Measured<T> = { result: T; ms: number; rssBeforeMb: number; rssPeakMb: number };

const MB = 1024 * 1024;

/**
 * Runs `work` once: its wall time, and the process's resident memory before and at its
 * peak (sampled every 5 ms, and the kernel's high-water mark when `work` raised it).
 * The sampler reads the resident size alone: `process.memoryUsage()` also walks the
 * heap's spaces, a cost the measured work would share.
 */
export const measure = async <T>(work: () => Promise<T>): Promise<Measured<T>> => {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  const highWaterBefore = process.resourceUsage().maxRSS * 1024;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const start = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - start;
    const highWater = process.resourceUsage().maxRSS * 1024;
    peak = Math.max(peak, process.memoryUsage.rss(), highWater > highWaterBefore ? highWater : 0);
    return { result, ms, rssBeforeMb: before / MB, rssPeakMb: peak / MB };
  } finally {
    clearInterval(sampler);
  }
};

/** Wall times of `count` sequential calls, in milliseconds. */
export const latencies = async (count: number, call: () => Promise<unknown>): Promise<number[]> => {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  return times;
};
