import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { randomSecret, SECRET_VARIABLES } from '../config/secrets';
import { startSmtpServer } from '../test/helpers/smtp';
import { createDatabase } from '../test/helpers/strapi';
import { parseOptions, ROOT } from './options';
import type { MeasureReport } from './phase-measure';
import type { SeedReport } from './phase-seed';
import { type BenchReport, printReport } from './report';
import type { WorkerTask } from './worker';

/**
 * `npm run bench [-- --quick]`: for each database (SQLite, then the embedded PostgreSQL
 * the tests start), a fresh database seeded at the chosen scale, then the four
 * measures, each beside its baseline measured in the same run on the same database.
 * Mail goes to an SMTP server in this process, which counts and drops what it receives.
 */

/** ESM from CommonJS: the tests' PostgreSQL setup is an .mjs module. */
const importModule = new Function('specifier', 'return import(specifier)') as (
  specifier: string
) => Promise<{ default: () => Promise<void> }>;

const runWorker = <T>(
  task: WorkerTask,
  env: Record<string, string>,
  profile: string | null = null
): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'worker.ts'), [JSON.stringify(task)], {
      execArgv: [
        '-r',
        path.join(__dirname, 'register.js'),
        '--expose-gc',
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      ],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: { result?: T; error?: string } = {};
    child.on('message', (message: typeof answer) => (answer = message));
    child.on('exit', (code) => {
      if (answer.result !== undefined) resolve(answer.result);
      else
        reject(
          new Error(
            `the ${task.phase} phase failed (exit code ${code}):\n${answer.error ?? 'no answer'}`
          )
        );
    });
  });

const log = (message: string) => process.stdout.write(`[bench] ${message}\n`);

const main = async () => {
  const options = parseOptions(process.argv.slice(2));
  if (
    !fs.existsSync(path.join(ROOT, 'dist', 'config', 'plugins.js')) ||
    !fs.existsSync(path.join(ROOT, 'src/plugins/dunning/dist/server/index.js'))
  ) {
    throw new Error('the app is not built: run `npm run build` first');
  }
  const startedAt = new Date();
  process.env.DUNNING_TEST_DATABASES = options.databases.join(',');
  if (options.databases.includes('postgres'))
    await (
      await importModule(pathToFileURL(path.join(ROOT, 'test/helpers/global-setup.mjs')).href)
    ).default();
  const smtp = await startSmtpServer({ keep: false });
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    // Production refuses links to localhost; nobody follows the bench's.
    PUBLIC_URL: 'https://billing.bench.example',
    STRAPI_TELEMETRY_DISABLED: 'true',
    DUNNING_CRON_ENABLED: 'false',
    ADMIN_RATE_LIMIT: 'false',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_POOL: 'true',
    EMAIL_FROM: 'Billing <billing@ourco.test>',
    ...Object.fromEntries(SECRET_VARIABLES.map((name) => [name, randomSecret(name)])),
  };

  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
  const results: BenchReport['results'] = [];
  const report = (): BenchReport => ({
    startedAt: startedAt.toISOString(),
    minutes: (Date.now() - startedAt.getTime()) / 60_000,
    scale: options.scale,
    machine,
    results,
  });
  // Each database's figures are kept as soon as they are in: .tmp/bench-<mode>.json.
  const keep = () => {
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, '.tmp', `bench-${options.scale.mode}.json`),
      JSON.stringify(report(), null, 2)
    );
  };
  try {
    for (const database of options.databases) {
      const db = await createDatabase(database);
      try {
        const now = new Date().toISOString();
        log(
          `${database}: seeding ${options.scale.invoices} invoices, ${options.scale.customers} customers, ${options.scale.history} history rows…`
        );
        const seed = await runWorker<SeedReport>(
          { phase: 'seed', scale: options.scale, now },
          { ...env, ...db.env }
        );
        log(
          `${database}: seeded in ${Math.round((seed.seedMs + seed.resync.ms + seed.historyMs) / 1000)} s; measuring…`
        );
        const measured = await runWorker<MeasureReport>(
          { phase: 'measure', scale: options.scale, now, seed, measures: options.measures },
          { ...env, ...db.env },
          options.profile
        );
        results.push({ database, seed, measured });
        keep();
      } finally {
        await db.drop();
      }
    }
  } finally {
    await smtp.stop();
    if (options.databases.includes('postgres'))
      await (
        await importModule(pathToFileURL(path.join(ROOT, 'test/helpers/global-teardown.mjs')).href)
      ).default();
  }

  keep();
  process.stdout.write(printReport(report()));
};

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
