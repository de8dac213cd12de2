/**
 * Generic helpers, pure and free of Strapi, that the domain, the portal, the services
 * and the repositories share: caches, lists, HTML escaping, CSV.
 */

// Caches

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

/**
 * A least-recently-used cache bounded in entries and in bytes (`sizeOf` each value), for
 * large values costly to make, such as PDFs: past either bound the least recently used
 * go; a value larger than `maxBytes` alone is handed out, not kept. Concurrent asks for a
 * key not yet made share one making, so a burst of requests makes it once.
 */
export const lruCache = <V>({
  maxEntries,
  maxBytes,
  sizeOf,
}: {
  maxEntries: number;
  maxBytes: number;
  sizeOf: (value: V) => number;
}) => {
  const entries = new Map<string, { value: V; size: number }>();
  const making = new Map<string, Promise<V>>();
  let bytes = 0;
  const drop = (key: string) => {
    bytes -= entries.get(key)?.size ?? 0;
    entries.delete(key);
  };
  const keep = (key: string, value: V) => {
    const size = sizeOf(value);
    if (size > maxBytes) return;
    entries.set(key, { value, size });
    bytes += size;
    // A Map iterates in insertion order: its first key is the least recently used.
    while (entries.size > maxEntries || bytes > maxBytes)
      drop(entries.keys().next().value as string);
  };
  return {
    /** The value of `key`, made by `make` unless kept or being made. */
    get(key: string, make: () => Promise<V>): Promise<V> {
      const kept = entries.get(key);
      if (kept) {
        entries.delete(key);
        entries.set(key, kept);
        return Promise.resolve(kept.value);
      }
      let pending = making.get(key);
      if (!pending) {
        pending = make()
          .then((value) => {
            keep(key, value);
            return value;
          })
          .finally(() => making.delete(key));
        making.set(key, pending);
      }
      return pending;
    },
    /** What is kept: how many values, how many bytes. */
    usage: () => ({ entries: entries.size, bytes }),
  };
};

// Lists

export const chunksOf = <T>(list: T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < list.length; start += size)
    chunks.push(list.slice(start, start + size));
  return chunks;
};

/** Items grouped by `signature`, groups and items in the order first met. */
export const groupBy = <T>(items: T[], signature: (item: T) => string): T[][] => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = signature(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
};

/** Items grouped by what they write (`data`) and `key`: each group can be one statement. */
export const groupAlike = <T extends object>(
  items: T[],
  key: (item: T) => unknown = () => null
): T[][] =>
  groupBy(items, (item) => JSON.stringify([key(item), 'data' in item ? item.data : null]));

// HTML

/** `text` safe inside HTML, as an element's content or a quoted attribute's value. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
  );

// CSV

/**
 * CSV (RFC 4180) for report exports: comma-separated, CRLF line ends, quoted where a
 * cell holds a comma, quote or line break. A text cell that a spreadsheet would run as a
 * formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe.
 */

export type CsvCell = string | number | null | undefined;

export const csvCell = (value: CsvCell): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const toCsv = (rows: CsvCell[][]): string =>
  rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
