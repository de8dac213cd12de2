import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type { Core } from '@strapi/strapi';
import { Client } from 'pg';
import TransportStream from 'winston-transport';

export const ROOT = path.resolve(__dirname, '../..');

export type DatabaseKind = 'sqlite' | 'postgres';

/** The databases every integration suite runs on (DUNNING_TEST_DATABASES narrows it). */
export const DATABASES = (process.env.DUNNING_TEST_DATABASES || 'sqlite,postgres').split(
  ','
) as DatabaseKind[];

export type TestApp = {
  strapi: Core.Strapi;
  database: DatabaseKind;
  /** Base URL when started with `listen: true`. */
  url: string;
  /** The environment this app was booted with: another process booted with it shares its database. */
  env: Record<string, string>;
  stop: () => Promise<void>;
};

export type StartOptions = {
  database: DatabaseKind;
  /** Extra environment for config/*.ts (SMTP_PORT, …). */
  env?: Record<string, string>;
  /** Serve HTTP on a free port of 127.0.0.1. */
  listen?: boolean;
  /** Deep-merged over what config/plugins.ts returns, as if the file said so. */
  pluginsConfig?: Record<string, unknown>;
  /** PostgreSQL: the URL the app connects with, from the new database's (e.g. through a proxy). */
  connectThrough?: (databaseUrl: string) => string;
  /** Content types of `src/api` (by singular name) booted with draft & publish on. */
  draftAndPublish?: string[];
  /** Content types added to `src/api` (by singular name), as their schema.json declares them: a team's own model. */
  contentTypes?: Record<string, object>;
  /** Receives the message of every line Strapi logs, from its creation on (startup included). */
  logs?: string[];
};

/** A winston transport that keeps each message, whatever its level. */
class LogCollector extends TransportStream {
  constructor(private readonly lines: string[]) {
    super({ level: 'silly' });
  }

  log(info: { message?: unknown }, next: () => void) {
    this.lines.push(String(info.message));
    next();
  }
}

let counter = 0;

/** A fresh, empty database for one app: a SQLite file, or a new PostgreSQL database. */
export const createDatabase = async (
  kind: DatabaseKind
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> => {
  const name = `dunning_test_${process.pid}_${Date.now()}_${++counter}`;
  if (kind === 'sqlite') {
    const filename = path.join(os.tmpdir(), `${name}.db`);
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
      // The write-ahead log and its index go with the file.
      drop: async () =>
        ['', '-wal', '-shm'].forEach((suffix) =>
          fs.rmSync(`${filename}${suffix}`, { force: true })
        ),
    };
  }
  const server = process.env.DUNNING_TEST_PG_URL;
  if (!server)
    throw new Error('PostgreSQL was not started by the global setup (DUNNING_TEST_PG_URL unset)');
  const admin = new Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: `${server}/${name}`, DATABASE_POOL_MIN: '0' },
    drop: async () => {
      const client = new Client({ connectionString: `${server}/postgres` });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
};

/**
 * A copy of the built app (without the admin bundle) whose config/plugins.js merges
 * `overrides` over the real one, whose `draftAndPublish` content types have draft
 * & publish on, and with `contentTypes` added. It lives under the project so it
 * resolves node_modules as the real build does.
 */
const distCopy = (
  overrides: Record<string, unknown>,
  draftAndPublish: string[],
  contentTypes: Record<string, object>
) => {
  const dist = path.join(ROOT, '.tmp', `dist-${process.pid}-${++counter}`);
  for (const folder of ['config', 'src', 'database']) {
    fs.cpSync(path.join(ROOT, 'dist', folder), path.join(dist, folder), { recursive: true });
  }
  for (const [name, schema] of Object.entries(contentTypes)) {
    const folder = path.join(dist, 'src', 'api', name, 'content-types', name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'schema.json'), JSON.stringify(schema));
  }
  for (const name of draftAndPublish) {
    const file = path.join(dist, 'src', 'api', name, 'content-types', name, 'schema.json');
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(
      file,
      JSON.stringify({ ...schema, options: { ...schema.options, draftAndPublish: true } })
    );
  }
  fs.writeFileSync(
    path.join(dist, 'config', 'plugins.js'),
    `Object.defineProperty(exports, '__esModule', { value: true });
const { merge } = require('lodash');
const original = require(${JSON.stringify(path.join(ROOT, 'dist', 'config', 'plugins.js'))}).default;
exports.default = (context) => merge(original(context), ${JSON.stringify(overrides)});
`
  );
  return { dist, remove: () => fs.rmSync(dist, { recursive: true, force: true }) };
};

const DATABASE_VARIABLES = [
  'DATABASE_CLIENT',
  'DATABASE_URL',
  'DATABASE_FILENAME',
  'DATABASE_POOL_MIN',
];

/**
 * Boots the built app (dist/, made by `npm run build`) as `strapi start` does, on a
 * fresh database.
 */
export const startStrapi = async ({
  database,
  env = {},
  listen = false,
  pluginsConfig,
  connectThrough,
  draftAndPublish = [],
  contentTypes = {},
  logs,
}: StartOptions): Promise<TestApp> => {
  const db = await createDatabase(database);
  const build =
    pluginsConfig || draftAndPublish.length || Object.keys(contentTypes).length
      ? distCopy(pluginsConfig ?? {}, draftAndPublish, contentTypes)
      : undefined;
  const cleanUp = async () => {
    await db.drop();
    build?.remove();
  };
  for (const key of DATABASE_VARIABLES) delete process.env[key];
  const appEnv = { ...db.env, ...env } as Record<string, string>;
  if (connectThrough && appEnv.DATABASE_URL)
    appEnv.DATABASE_URL = connectThrough(appEnv.DATABASE_URL);
  Object.assign(process.env, appEnv, { HOST: '127.0.0.1', PORT: '0' });

  // Strapi keeps registries in module scope: each app gets its own copy of the modules,
  // so an app that failed to start leaves nothing behind for the next one.
  jest.resetModules();
  const { createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  const strapi = createStrapi({ appDir: ROOT, distDir: build?.dist ?? path.join(ROOT, 'dist') });
  if (logs) strapi.log.add(new LogCollector(logs));
  try {
    await strapi.load();
    if (listen) await strapi.listen();
  } catch (error) {
    await strapi.destroy().catch(() => {});
    await cleanUp();
    throw error;
  }

  const address = listen ? (strapi.server.httpServer.address() as AddressInfo) : undefined;
  return {
    strapi,
    database,
    url: address ? `http://127.0.0.1:${address.port}` : '',
    env: appEnv,
    stop: async () => {
      await strapi.destroy();
      await cleanUp();
    },
  };
};
