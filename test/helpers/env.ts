// Every Strapi booted by the tests: no telemetry, no cron, no login rate limit, quiet logs.
process.env.STRAPI_TELEMETRY_DISABLED = 'true';
process.env.DUNNING_CRON_ENABLED = 'false';
process.env.ADMIN_RATE_LIMIT = 'false';
process.env.SMTP_POOL = 'false';
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
process.env.NODE_ENV = 'test';
