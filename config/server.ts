import { secret } from './secrets';

export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: {
    keys: secret(env, 'APP_KEYS')?.split(','),
  },
  logger: {
    updates: { enabled: false },
    startup: { enabled: false },
  },
});
