/**
 * Secrets come from the environment. Outside production a fixed development value is
 * used when a variable is missing, so the demo and the tests start with no `.env`;
 * in production a missing secret stops startup.
 */
type Env = { (key: string, fallback?: string): string; array: (key: string, fallback?: string[]) => string[] };

export const secret = (env: Env, key: string, developmentValue: string): string => {
  const value = env(key);
  if (value) return value;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(`Environment variable ${key} is required in production.`);
  }
  return developmentValue;
};
