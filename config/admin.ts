import { secret } from './secrets';

export default ({ env }) => ({
  auth: {
    secret: secret(env, 'ADMIN_JWT_SECRET'),
  },
  apiToken: {
    salt: secret(env, 'API_TOKEN_SALT'),
  },
  transfer: {
    token: { salt: secret(env, 'TRANSFER_TOKEN_SALT') },
  },
  secrets: {
    encryptionKey: secret(env, 'ENCRYPTION_KEY'),
  },
  rateLimit: {
    enabled: env.bool('ADMIN_RATE_LIMIT', true),
  },
  flags: {
    nps: false,
    promoteEE: false,
  },
});
