import { secret } from './secrets';

export default ({ env }) => ({
  auth: {
    secret: secret(env, 'ADMIN_JWT_SECRET', 'dunning-dev-admin-jwt-secret'),
  },
  apiToken: {
    salt: secret(env, 'API_TOKEN_SALT', 'dunning-dev-api-token-salt'),
  },
  transfer: {
    token: { salt: secret(env, 'TRANSFER_TOKEN_SALT', 'dunning-dev-transfer-token-salt') },
  },
  secrets: {
    encryptionKey: secret(env, 'ENCRYPTION_KEY', 'dunning-dev-encryption-key'),
  },
  rateLimit: {
    enabled: env.bool('ADMIN_RATE_LIMIT', true),
  },
  flags: {
    nps: false,
    promoteEE: false,
  },
});
