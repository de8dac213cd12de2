import {
  chunksOf,
  csvCell,
  groupAlike,
  lruCache,
  toCsv,
} from '../../src/plugins/dunning/server/src/helpers';

describe('the bounded cache of large values (the portal statements)', () => {
  const bytes = (size: number, label = '') => ({ label, size });
  const cache = (maxEntries: number, maxBytes: number) =>
    lruCache<{ label: string; size: number }>({
      maxEntries,
      maxBytes,
      sizeOf: (value) => value.size,
    });

  it('makes a value once per key and hands out the kept one after', async () => {
    const kept = cache(4, 100);
    let made = 0;
    const make = async () => bytes(10, `made ${++made}`);
    expect((await kept.get('a', make)).label).toBe('made 1');
    expect((await kept.get('a', make)).label).toBe('made 1');
    expect((await kept.get('b', make)).label).toBe('made 2');
    expect(kept.usage()).toEqual({ entries: 2, bytes: 20 });
  });

  it('lets go of the least recently used past its number of entries', async () => {
    const kept = cache(2, 1000);
    await kept.get('a', async () => bytes(1, 'a'));
    await kept.get('b', async () => bytes(1, 'b'));
    await kept.get('a', async () => bytes(1, 'a again')); // a is now the most recent
    await kept.get('c', async () => bytes(1, 'c'));
    expect((await kept.get('a', async () => bytes(1, 'a made again'))).label).toBe('a');
    expect((await kept.get('b', async () => bytes(1, 'b made again'))).label).toBe('b made again');
    expect(kept.usage().entries).toBe(2);
  });

  it('lets go of the least recently used past its bytes, and never keeps a value larger than them', async () => {
    const kept = cache(10, 100);
    await kept.get('a', async () => bytes(60, 'a'));
    await kept.get('b', async () => bytes(30, 'b'));
    await kept.get('c', async () => bytes(30, 'c'));
    expect(kept.usage()).toEqual({ entries: 2, bytes: 60 });
    expect((await kept.get('a', async () => bytes(60, 'a made again'))).label).toBe('a made again');
    expect((await kept.get('huge', async () => bytes(101, 'huge'))).label).toBe('huge');
    expect((await kept.get('huge', async () => bytes(101, 'huge made again'))).label).toBe(
      'huge made again'
    );
    expect(kept.usage().bytes).toBeLessThanOrEqual(100);
  });

  it('makes a value once for concurrent asks, and again after a failure', async () => {
    const kept = cache(4, 100);
    let made = 0;
    let release: () => void = () => {};
    const slow = () =>
      new Promise<{ label: string; size: number }>(
        (resolve) => (release = () => resolve(bytes(1, `made ${++made}`)))
      );
    const asks = [kept.get('a', slow), kept.get('a', slow), kept.get('a', slow)];
    release();
    expect((await Promise.all(asks)).map((value) => value.label)).toEqual([
      'made 1',
      'made 1',
      'made 1',
    ]);
    await expect(
      kept.get('b', async () => Promise.reject(new Error('render failed')))
    ).rejects.toThrow('render failed');
    expect((await kept.get('b', async () => bytes(1, 'b'))).label).toBe('b');
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks; leaves plain cells alone', () => {
    expect(csvCell('Acme')).toBe('Acme');
    expect(csvCell('Dupont, Fils')).toBe('"Dupont, Fils"');
    expect(csvCell('Le "Bon" Client')).toBe('"Le ""Bon"" Client"');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(-3)).toBe('-3');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+33 1 23')).toBe("'+33 1 23");
    expect(csvCell('@sum')).toBe("'@sum");
  });

  it('joins rows with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        [1, null],
      ])
    ).toBe('a,b\r\n1,\r\n');
  });
});

describe('lists', () => {
  it('cuts a list into chunks of a size, the last one shorter', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf([], 3)).toEqual([]);
  });

  it('groups items that write the same data under the same key, in the order first met', () => {
    const items = [
      { id: 1, data: { status: 'sent' } },
      { id: 2, data: { status: 'failed' } },
      { id: 3, data: { status: 'sent' } },
    ];
    expect(groupAlike(items).map((group) => group.map((item) => item.id))).toEqual([[1, 3], [2]]);
    expect(
      groupAlike(items, (item) => item.id % 2).map((group) => group.map((item) => item.id))
    ).toEqual([[1, 3], [2]]);
    expect(
      groupAlike(items, (item) => item.id).map((group) => group.map((item) => item.id))
    ).toEqual([[1], [2], [3]]);
  });
});
