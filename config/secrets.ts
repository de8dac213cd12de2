import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Secrets come from the environment; no value written in the repository ever signs or
 * authenticates anything. A missing one:
 * - with `NODE_ENV=development` or `test` set explicitly, is a random value for this
 *   process only (sessions and links then last until the restart; the demo writes
 *   lasting ones to `.env`);
 * - anywhere else (production, staging, unset), is left out of the config, and
 *   `assertSecrets` refuses to start naming it. Config is also read by `strapi build`,
 *   which runs no lifecycle: a build needs no runtime secret.
 */
type Env = (key: string, fallback?: string) => string | undefined;

/** Every secret of the app, by environment variable. */
export const SECRET_VARIABLES = [
  'APP_KEYS',
  'ADMIN_JWT_SECRET',
  'API_TOKEN_SALT',
  'TRANSFER_TOKEN_SALT',
  'ENCRYPTION_KEY',
  'JWT_SECRET',
  'DUNNING_PORTAL_SECRET',
  'DUNNING_WEBHOOK_SECRET',
] as const;

export type SecretVariable = (typeof SECRET_VARIABLES)[number];

const readOrNull = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/**
 * NODE_ENV as whoever started the process set it: in its initial environment (Linux's
 * /proc/self/environ) or in the .env file. Strapi writes `development` into
 * process.env when NODE_ENV is unset, so process.env alone cannot tell; without /proc
 * (macOS, Windows) it is all there is.
 */
export const explicitNodeEnv = (
  initialEnviron: string | null = readOrNull('/proc/self/environ'),
  dotEnv: string | null = readOrNull(path.resolve(process.env.ENV_PATH || '.env'))
): string | null => {
  if (initialEnviron === null) return process.env.NODE_ENV || null;
  const atStart = /(?:^|\0)NODE_ENV=([^\0]*)/.exec(initialEnviron)?.[1];
  const inFile = dotEnv ? /^\s*NODE_ENV\s*=\s*["']?([\w-]*)/m.exec(dotEnv)?.[1] : undefined;
  return atStart || inFile || null;
};

/** `nodeEnv` everywhere below: NODE_ENV as explicitNodeEnv gives it, null when unset. */
const isDevelopment = (nodeEnv: string | null) => nodeEnv === 'development' || nodeEnv === 'test';

const random = () => randomBytes(32).toString('base64url');

/** A fresh random value for a secret (APP_KEYS: two keys, comma-separated). */
export const randomSecret = (key: SecretVariable) =>
  key === 'APP_KEYS' ? `${random()},${random()}` : random();

const ephemeral = new Map<SecretVariable, string>();

export const secret = (
  env: Env,
  key: SecretVariable,
  nodeEnv: string | null = explicitNodeEnv()
): string | undefined => {
  const value = env(key);
  if (value) return value;
  if (!isDevelopment(nodeEnv)) return undefined;
  if (!ephemeral.has(key)) ephemeral.set(key, randomSecret(key));
  return ephemeral.get(key);
};

/** The secrets that must be set before the app may start here. */
export const missingSecrets = (
  environment: NodeJS.ProcessEnv = process.env,
  nodeEnv: string | null = explicitNodeEnv()
): SecretVariable[] =>
  isDevelopment(nodeEnv) ? [] : SECRET_VARIABLES.filter((key) => !environment[key]);

/** Called when the app registers (not at build): refuses to start without its secrets. */
export const assertSecrets = (
  environment: NodeJS.ProcessEnv = process.env,
  nodeEnv: string | null = explicitNodeEnv()
) => {
  const missing = missingSecrets(environment, nodeEnv);
  if (missing.length === 0) return;
  throw new Error(
    `Missing secrets (NODE_ENV=${nodeEnv || 'unset'}): set ${missing.join(', ')} in the environment. ` +
      `Generate each with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))" ` +
      '(APP_KEYS: two of them, comma-separated).'
  );
};
