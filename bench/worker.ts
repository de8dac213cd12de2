import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { Core } from '@strapi/strapi';

import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../test/helpers/admin';
import { type Measure, ROOT, type Scale } from './options';
import type { SeedReport } from './phase-seed';

/**
 * One Strapi for one phase of the bench, in its own process (bench/run.ts forks it with
 * the database's environment): the built app booted as `strapi start` boots it, serving
 * HTTP on a free port. The seed phase fills the database; the measure phase starts on
 * it afresh, so the memory it reports is Strapi's and the tick's, not the seeder's.
 */

export type Phase = 'seed' | 'measure';

export type WorkerTask = {
  phase: Phase;
  scale: Scale;
  /** The bench's clock, the same for both phases (ISO 8601). */
  now: string;
  /** What the seed phase reported, for the measure phase. */
  seed?: SeedReport;
  measures?: Measure[];
};

export type App = {
  strapi: Core.Strapi;
  url: string;
  adminId: number;
  /** The admin API as the super admin. */
  admin: ReturnType<typeof adminApi>;
};

const boot = async (): Promise<App> => {
  const { createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  const strapi = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  await strapi.load();
  await strapi.listen();
  const url = `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
  const adminId = (await createSuperAdmin(strapi)).id;
  return { strapi, url, adminId, admin: adminApi(url, await adminToken(url, SUPER_ADMIN)) };
};

const main = async () => {
  const task = JSON.parse(process.argv[2]) as WorkerTask;
  const app = await boot();
  try {
    const now = new Date(task.now);
    const result =
      task.phase === 'seed'
        ? await (await import('./phase-seed')).seedPhase(app, task.scale, now)
        : await (
            await import('./phase-measure')
          ).measurePhase(app, task.scale, now, task.seed!, task.measures!);
    process.send!({ result });
  } finally {
    await app.strapi.destroy();
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    process.send!({ error: error?.stack ?? String(error) });
    process.exit(1);
  }
);
