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
