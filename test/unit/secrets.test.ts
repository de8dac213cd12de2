import { assertSecrets, missingSecrets, secret, SECRET_VARIABLES } from '../../config/secrets';

/** config/secrets.ts: where a missing secret comes from, and when the app refuses to start. */
describe('config secrets', () => {
  const original = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = original;
  });
  const empty = () => undefined;

  it.each([['production'], ['staging'], [''], [undefined]])('with NODE_ENV=%s a missing secret is left out and startup refuses', (nodeEnv) => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    expect(secret(empty, 'ADMIN_JWT_SECRET')).toBeUndefined();
    expect(missingSecrets({})).toEqual([...SECRET_VARIABLES]);
    expect(() => assertSecrets({ APP_KEYS: 'a,b' })).toThrow(/set ADMIN_JWT_SECRET, API_TOKEN_SALT, .*DUNNING_WEBHOOK_SECRET in the environment/);
  });

  it.each([['development'], ['test']])('with NODE_ENV=%s a missing secret is random, for this process only', (nodeEnv) => {
    process.env.NODE_ENV = nodeEnv;
    const first = secret(empty, 'DUNNING_PORTAL_SECRET')!;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secret(empty, 'DUNNING_PORTAL_SECRET')).toBe(first);
    expect(secret(empty, 'DUNNING_WEBHOOK_SECRET')).not.toBe(first);
    expect(secret(empty, 'APP_KEYS')!.split(',')).toHaveLength(2);
    expect(missingSecrets({})).toEqual([]);
    jest.isolateModules(() => {
      const again = require('../../config/secrets') as typeof import('../../config/secrets');
      expect(again.secret(empty, 'DUNNING_PORTAL_SECRET')).not.toBe(first);
    });
  });

  it('uses the environment value when set', () => {
    process.env.NODE_ENV = 'production';
    expect(secret((key) => (key === 'JWT_SECRET' ? 'from-env' : undefined), 'JWT_SECRET')).toBe('from-env');
    expect(() => assertSecrets(Object.fromEntries(SECRET_VARIABLES.map((key) => [key, 'set'])))).not.toThrow();
  });
});
