#!/usr/bin/env node
/**
 * The demo: a local mail catcher (MailDev) and the built Strapi app on SQLite, seeded
 * with demo data and an admin account on first start. `npm run demo` installs and
 * builds first, then runs this. Ctrl+C stops both.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const SMTP_PORT = process.env.DEMO_SMTP_PORT || '1025';
const INBOX_PORT = process.env.DEMO_INBOX_PORT || '1080';
const PORT = process.env.PORT || '1337';
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || 'admin@dunning.test';
const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || 'Dunning-demo-1';

const children = [];
const run = (name, command, args, env) => {
  const child = spawn(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[demo] ${name} stopped (exit code ${code}); stopping the demo.`);
      stop(code || 1);
    }
  });
  children.push(child);
  return child;
};

let stopping = false;
const stop = (code = 0) => {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const waitForHealth = async (url, timeoutMs) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
};

/**
 * Random secrets, written once to the git-ignored .env (as create-strapi-app does) and
 * reused by later runs; a variable already set in the environment or in .env is kept.
 */
const ensureSecrets = () => {
  const { SECRET_VARIABLES, randomSecret } = require(
    path.join(root, 'dist', 'config', 'secrets.js')
  );
  const file = path.join(root, '.env');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const present = new Set(text.split('\n').map((line) => line.split('=')[0].trim()));
  const missing = SECRET_VARIABLES.filter((key) => !present.has(key) && !process.env[key]);
  if (missing.length === 0) return;
  const lines = missing.map((key) => `${key}=${randomSecret(key)}\n`).join('');
  fs.writeFileSync(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${lines}`, {
    mode: 0o600,
  });
  console.log(`[demo] wrote random ${missing.join(', ')} to .env`);
};

const main = async () => {
  ensureSecrets();
  run('MailDev', bin('maildev'), [
    '--smtp',
    SMTP_PORT,
    '--web',
    INBOX_PORT,
    '--ip',
    '127.0.0.1',
    '--web-ip',
    '127.0.0.1',
  ]);
  run('Strapi', bin('strapi'), ['start'], {
    DUNNING_DEMO_SEED: 'true',
    DEMO_ADMIN_EMAIL: ADMIN_EMAIL,
    DEMO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT,
    PORT,
    STRAPI_TELEMETRY_DISABLED: 'true',
  });

  if (await waitForHealth(`http://127.0.0.1:${PORT}/_health`, 180000)) {
    console.log(`
  ┌────────────────────────────────────────────────────────────┐
    Dunning for Strapi — demo is running

    Admin panel:  http://localhost:${PORT}/admin
    Login:        ${ADMIN_EMAIL}
    Password:     ${ADMIN_PASSWORD}
    Mail inbox:   http://localhost:${INBOX_PORT}

    Ctrl+C stops the app and the mail catcher.
  └────────────────────────────────────────────────────────────┘
`);
  }
};

main();
