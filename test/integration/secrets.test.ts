import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { randomSecret, SECRET_VARIABLES } from '../../config/secrets';
import { ROOT } from '../helpers/strapi';

/**
 * Secrets (README.md, "Secrets"): no value of the repository stands in for a missing secret. The
 * built app is run in its own process, as `strapi build` and `strapi start` run it,
 * with every secret removed from its environment. And in production the public address
 * of links (SPEC F7.4) must be one customers can reach.
 */
const withoutSecrets = (extra: Record<string, string | undefined>) => {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(os.tmpdir(), `dunning-secrets-${process.pid}.db`),
    // Not the project's .env, where `npm run demo` writes random secrets: Strapi and
    // config/secrets.ts read the file ENV_PATH names, and this one does not exist.
    ENV_PATH: path.join(os.tmpdir(), `dunning-secrets-${process.pid}.env`),
  };
  for (const key of SECRET_VARIABLES) delete env[key];
  delete env.NODE_ENV;
  delete env.PUBLIC_URL;
  return { ...env, ...extra };
};

/** Every secret set: what is left to check is the public address. */
const withSecrets = (extra: Record<string, string | undefined>) =>
  withoutSecrets({
    ...Object.fromEntries(SECRET_VARIABLES.map((key) => [key, randomSecret(key)])),
    ...extra,
  });

/** Runs node with `args`; `ready` (given the output so far) may end a server that started, by SIGTERM. */
const run = (
  args: string[],
  env: Record<string, string | undefined>,
  ready?: () => Promise<boolean>
) =>
  new Promise<{ code: number | null; output: string; ready: boolean }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv });
    let output = '';
    let wasReady = false;
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const poll = setInterval(async () => {
      if (ready && !wasReady && (await ready())) {
        wasReady = true;
        child.kill('SIGTERM');
      }
    }, 500);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ code, output, ready: wasReady });
    });
  });

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const strapiCli = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

describe('secrets', () => {
  it.each([['production'], ['staging'], [undefined]])(
    'strapi start with NODE_ENV=%s and no secret refuses, naming them',
    async (nodeEnv) => {
      const { code, output } = await run(
        [strapiCli, 'start'],
        withoutSecrets({ NODE_ENV: nodeEnv })
      );
      expect(code).not.toBe(0);
      // The plugin's config is checked first: it names its own variable.
      expect(output).toContain('is required: set DUNNING_PORTAL_SECRET');
    }
  );

  it('strapi start with the plugin secrets only refuses, naming every other missing variable', async () => {
    const { code, output } = await run(
      [strapiCli, 'start'],
      withoutSecrets({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://billing.ourco.example',
        DUNNING_PORTAL_SECRET: 'x'.repeat(32),
        DUNNING_WEBHOOK_SECRET: 'y'.repeat(32),
      })
    );
    expect(code).not.toBe(0);
    expect(output).toContain(
      'Missing secrets (NODE_ENV=production): set APP_KEYS, ADMIN_JWT_SECRET, API_TOKEN_SALT, TRANSFER_TOKEN_SALT, ENCRYPTION_KEY, JWT_SECRET in the environment'
    );
  });

  it.each([[undefined], ['http://localhost:1337'], ['http://127.0.0.1:1337']])(
    'strapi start in production with PUBLIC_URL=%p refuses, naming server.url and PUBLIC_URL',
    async (publicUrl) => {
      const { code, output } = await run(
        [strapiCli, 'start'],
        withSecrets({ NODE_ENV: 'production', PUBLIC_URL: publicUrl, HOST: '127.0.0.1', PORT: '0' })
      );
      expect(code).not.toBe(0);
      expect(output).toContain(
        `server.url ${publicUrl ? `is "${publicUrl}", which customers cannot reach (this machine)` : 'is not set'}: in production the links of every reminder`
      );
      expect(output).toContain("url: env('PUBLIC_URL')");
    }
  );

  it('strapi start in production with every secret and a public PUBLIC_URL starts', async () => {
    const port = await freePort();
    const healthy = () =>
      fetch(`http://127.0.0.1:${port}/_health`).then(
        (response) => response.status === 204,
        () => false
      );
    const { output, ready } = await run(
      [strapiCli, 'start'],
      withSecrets({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://billing.ourco.example',
        HOST: '127.0.0.1',
        PORT: String(port),
      }),
      healthy
    );
    expect({ ready, output: ready ? '' : output }).toEqual({ ready: true, output: '' });
  });

  it('reads the config as strapi build does, in production, without any secret', async () => {
    // createBuildContext (@strapi/strapi's build) creates the app this way and reads its config.
    const script = `
      const { createStrapi } = require('@strapi/core');
      const app = createStrapi({ appDir: ${JSON.stringify(ROOT)}, distDir: ${JSON.stringify(path.join(ROOT, 'dist'))} });
      console.log(JSON.stringify({ adminPath: app.config.get('admin.path'), secret: app.config.get('admin.auth.secret') ?? null }));
    `;
    const { code, output } = await run(['-e', script], withoutSecrets({ NODE_ENV: 'production' }));
    expect(code).toBe(0);
    expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({
      adminPath: '/admin',
      secret: null,
    });
  });
});
