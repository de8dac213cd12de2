/**
 * The dunning plugin reads receivables through the mapping below (SPEC F1.2). The
 * defaults in the plugin match the reference types of src/api, so only what differs
 * needs to be written here; a team with its own invoice model names its content-type
 * UIDs and fields under `receivables`.
 */
import { smtpTransport, smtpWorkerTransport } from 'strapi-plugin-dunning/smtp-worker';

import { secret } from './secrets';

export default ({ env }) => {
  const smtp = {
    host: env('SMTP_HOST', '127.0.0.1'),
    port: env.int('SMTP_PORT', 1025),
    secure: env.bool('SMTP_SECURE', false),
    ignoreTLS: !env.bool('SMTP_SECURE', false) && !env.bool('SMTP_STARTTLS', false),
    ...(env('SMTP_USER') ? { auth: { user: env('SMTP_USER'), pass: env('SMTP_PASS') } } : {}),
    pool: env.bool('SMTP_POOL', true),
    // How long a server may stay silent (the greeting, then any answer) before the send fails.
    ...(env('SMTP_TIMEOUT_MS')
      ? { greetingTimeout: env.int('SMTP_TIMEOUT_MS'), socketTimeout: env.int('SMTP_TIMEOUT_MS') }
      : {}),
    // A provider's rate limit: at most SMTP_RATE_LIMIT messages per SMTP_RATE_DELTA ms (pooled connections only).
    ...(env('SMTP_RATE_LIMIT')
      ? { rateLimit: env.int('SMTP_RATE_LIMIT'), rateDelta: env.int('SMTP_RATE_DELTA', 1000) }
      : {}),
  };
  return {
    'users-permissions': {
      config: { jwtSecret: secret(env, 'JWT_SECRET') },
    },
    dunning: {
      enabled: true,
      resolve: './src/plugins/dunning',
      config: {
        cron: {
          enabled: env.bool('DUNNING_CRON_ENABLED', true),
          expression: env('DUNNING_CRON', '*/5 * * * *'),
          timezone: env('DUNNING_CRON_TZ', 'Europe/Paris'),
        },
        engine: {
          leaseSeconds: env.int('DUNNING_LEASE_SECONDS', 900),
          sendConcurrency: env.int('DUNNING_SEND_CONCURRENCY', 10),
          pageSize: env.int('DUNNING_PAGE_SIZE', 2500),
          runWaitSeconds: env.int('DUNNING_RUN_WAIT_SECONDS', 20),
        },
        portal: {
          secret: secret(env, 'DUNNING_PORTAL_SECRET'),
          linkDays: env.int('DUNNING_PORTAL_LINK_DAYS', 30),
          // Pay now sends customers to https links only, to any host unless hosts are listed (comma-separated).
          paymentLinks: {
            allowHttp: env.bool('DUNNING_PAYMENT_ALLOW_HTTP', false),
            allowedHosts: env.array('DUNNING_PAYMENT_HOSTS', []).filter(Boolean),
          },
        },
        deliveryEvents: {
          secret: secret(env, 'DUNNING_WEBHOOK_SECRET'),
        },
      },
    },
    email: {
      config: {
        provider: 'nodemailer',
        // nodemailer's SMTP transport, on a worker thread unless SMTP_WORKER=false; both
        // say whether a failed message had been written in full (the plugin's README,
        // "How the engine works").
        providerOptions: env.bool('SMTP_WORKER', true)
          ? smtpWorkerTransport(smtp)
          : smtpTransport(smtp),
        settings: {
          defaultFrom: env('EMAIL_FROM', 'Accounts receivable <billing@example.test>'),
          defaultReplyTo: env('EMAIL_REPLY_TO', 'billing@example.test'),
        },
      },
    },
  };
};
