import {
  assertSecrets,
  explicitNodeEnv,
  missingSecrets,
  secret,
  SECRET_VARIABLES,
} from '../../config/secrets';

/** config/secrets.ts: where a missing secret comes from, and when the app refuses to start (README.md, "Secrets"). */
describe('config secrets', () => {
  const empty = () => undefined;

  it.each([['production'], ['staging'], [''], [null]])(
    'with NODE_ENV=%p a missing secret is left out and startup refuses',
    (nodeEnv) => {
      expect(secret(empty, 'ADMIN_JWT_SECRET', nodeEnv)).toBeUndefined();
      expect(missingSecrets({}, nodeEnv)).toEqual([...SECRET_VARIABLES]);
      expect(() => assertSecrets({ APP_KEYS: 'a,b' }, nodeEnv)).toThrow(
        /set ADMIN_JWT_SECRET, API_TOKEN_SALT, TRANSFER_TOKEN_SALT, ENCRYPTION_KEY, JWT_SECRET, DUNNING_PORTAL_SECRET, DUNNING_WEBHOOK_SECRET in the environment/
      );
    }
  );

  it.each([['development'], ['test']])(
    'with NODE_ENV=%s a missing secret is random, for this process only',
    (nodeEnv) => {
      const first = secret(empty, 'DUNNING_PORTAL_SECRET', nodeEnv)!;
      expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(secret(empty, 'DUNNING_PORTAL_SECRET', nodeEnv)).toBe(first);
      expect(secret(empty, 'DUNNING_WEBHOOK_SECRET', nodeEnv)).not.toBe(first);
      expect(secret(empty, 'APP_KEYS', nodeEnv)!.split(',')).toHaveLength(2);
      expect(missingSecrets({}, nodeEnv)).toEqual([]);
      jest.isolateModules(() => {
        const again = require('../../config/secrets') as typeof import('../../config/secrets');
        expect(again.secret(empty, 'DUNNING_PORTAL_SECRET', nodeEnv)).not.toBe(first);
      });
    }
  );

  it('uses the environment value when set', () => {
    expect(
      secret((key) => (key === 'JWT_SECRET' ? 'from-env' : undefined), 'JWT_SECRET', 'production')
    ).toBe('from-env');
    expect(() =>
      assertSecrets(Object.fromEntries(SECRET_VARIABLES.map((key) => [key, 'set'])), 'production')
    ).not.toThrow();
  });

  it('takes NODE_ENV from the initial environment or .env, not from what Strapi wrote into process.env', () => {
    expect(explicitNodeEnv('PATH=/bin\0NODE_ENV=production\0HOME=/root\0', null)).toBe(
      'production'
    );
    expect(explicitNodeEnv('NODE_ENV=test\0', 'NODE_ENV=production\n')).toBe('test');
    expect(explicitNodeEnv('PATH=/bin\0', '# local\nNODE_ENV="development"\n')).toBe('development');
    // Unset at start and not in .env: unset, whatever process.env says now.
    expect(explicitNodeEnv('PATH=/bin\0', 'PORT=1337\n')).toBeNull();
    expect(explicitNodeEnv('PATH=/bin\0NODE_ENV=\0', null)).toBeNull();
  });
});
