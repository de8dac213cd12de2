/** A cache of promises by key, for lookups repeated within one engine round. */
export const promiseCache = <V>() => {
  const cache = new Map<string, Promise<V>>();
  return (key: string, load: () => Promise<V>): Promise<V> => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key)!;
  };
};

/** `load`, called once per key for the life of the returned function. */
export const memoize = <V>(load: (key: number) => Promise<V>) => {
  const cached = promiseCache<V>();
  return (key: number): Promise<V> => cached(String(key), () => load(key));
};

/**
 * `build`, called once per key for the life of the process: for values costly to make
 * and safe to share, such as Intl formatters (one per time zone, locale or currency).
 */
export const cached = <V>(build: (key: string) => V) => {
  const values = new Map<string, V>();
  return (key: string): V => {
    let value = values.get(key);
    if (value === undefined) values.set(key, (value = build(key)));
    return value;
  };
};
