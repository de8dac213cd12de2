import { randomSecret, SECRET_VARIABLES } from '../../config/secrets';

// Every Strapi booted by the tests: no telemetry, no cron, no login rate limit, quiet logs.
process.env.STRAPI_TELEMETRY_DISABLED = 'true';
process.env.DUNNING_CRON_ENABLED = 'false';
process.env.ADMIN_RATE_LIMIT = 'false';
process.env.SMTP_POOL = 'false';
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
process.env.NODE_ENV = 'test';
// Random secrets for this run, shared with the processes the tests start: no value
// written in the repository signs anything (config/secrets.ts).
for (const key of SECRET_VARIABLES) {
  process.env[key] = randomSecret(key);
}
