import { measureApis } from './api';
import type { Measure, Scale } from './options';
import type { SeedReport } from './phase-seed';
import { measurePortal } from './portal';
import { measureRender } from './render';
import { measureSend } from './send';
import { measureTick } from './tick';
import type { App } from './worker';

/**
 * The measure phase, on the seeded database: P1 first, while the process holds only
 * Strapi, so that its memory figure is the tick's; then sending, the APIs, rendering,
 * and last the portal, whose customer of 5,000 invoices the others never see.
 */
export const measurePhase = async (
  app: App,
  scale: Scale,
  now: Date,
  seed: SeedReport,
  measures: Measure[]
) => {
  const log = (message: string) => process.stdout.write(`[bench]   ${message}\n`);
  const failures: Partial<Record<Measure, string>> = {};
  // A measure that fails is reported as such; the figures of the others are kept.
  const take = async <T>(
    measure: Measure,
    message: string,
    work: () => Promise<T>
  ): Promise<T | null> => {
    if (!measures.includes(measure)) return null;
    log(message);
    try {
      return await work();
    } catch (error) {
      failures[measure] = (error as Error).stack ?? String(error);
      log(`${measure} failed: ${(error as Error).message}`);
      return null;
    }
  };
  return {
    tick: await take(
      'tick',
      `P1 tick (${seed.cases.due} due cases, ${scale.runs} runs each)…`,
      () => measureTick(app.strapi, now, scale)
    ),
    send: await take('send', `P2 sending (${scale.mails} mails, ${scale.runs} runs each)…`, () =>
      measureSend(app.strapi, now, scale)
    ),
    apis: await take('apis', `P3 APIs (${scale.requests} requests each)…`, () =>
      measureApis(app, { requests: scale.requests, history: scale.history, now })
    ),
    render: await take(
      'render',
      `P4 rendering (${scale.renders} messages, ${scale.runs} runs each)…`,
      () => measureRender(app.strapi, { renders: scale.renders, runs: scale.runs, now })
    ),
    portal: await take(
      'portal',
      `portal of one customer with ${scale.portalInvoices} open invoices (${scale.requests} requests each)…`,
      () =>
        measurePortal(app, {
          invoices: scale.portalInvoices,
          requests: scale.requests,
          runs: scale.runs,
          today: seed.today,
        })
    ),
    failures,
  };
};

export type MeasureReport = Awaited<ReturnType<typeof measurePhase>>;
